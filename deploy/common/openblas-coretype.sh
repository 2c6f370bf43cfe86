# OpenBLAS kernels from the CPU's flags (sourced, not run; bin/sparkctr, the submit scripts, the CPU image's entrypoint).
# OpenBLAS (the MLP's matrix products) picks its kernels by CPU model, and the 0.3.21 that ND4J ships falls back
# to SSE3 "Prescott" kernels on CPUs newer than it (e.g. Xeon Emerald Rapids): 2-3x slower GEMMs
# (docs/design/step-profile.md). OPENBLAS_CORETYPE names them instead.

# openblas_coretype [CPUINFO]: prints SkylakeX on a CPU with AVX-512 (F, BW, VL, DQ, CD), Haswell with AVX2 and
# FMA, nothing otherwise (OpenBLAS's own choice is as good there). CPUINFO defaults to /proc/cpuinfo.
openblas_coretype() {
  local flags
  flags=" $(grep -m1 '^flags' "${1:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2 || true) "
  if [[ "$flags" == *" avx512f "* && "$flags" == *" avx512bw "* && "$flags" == *" avx512vl "* \
      && "$flags" == *" avx512dq "* && "$flags" == *" avx512cd "* ]]; then
    echo SkylakeX
  elif [[ "$flags" == *" avx2 "* && "$flags" == *" fma "* ]]; then
    echo Haswell
  fi
}

# export_openblas_coretype: exports OPENBLAS_CORETYPE from this host's CPU unless it is set; a value set empty
# is unset (OpenBLAS reads an empty name as an unknown core), leaving the choice to OpenBLAS.
export_openblas_coretype() {
  if [[ -z "${OPENBLAS_CORETYPE+set}" ]]; then
    OPENBLAS_CORETYPE="$(openblas_coretype)"
    export OPENBLAS_CORETYPE
  fi
  [[ -n "${OPENBLAS_CORETYPE:-}" ]] || unset OPENBLAS_CORETYPE
}
