#!/usr/bin/env bash
# The CPU image's entrypoint: names OpenBLAS's kernels from this container's CPU (SkylakeX with AVX-512, Haswell
# with AVX2; deploy/common/openblas-coretype.sh) unless OPENBLAS_CORETYPE is set (a set, empty value leaves the
# choice to OpenBLAS), then runs Spark's own entrypoint. Executors run the driver's choice (NativeThreads).
set -euo pipefail
# shellcheck source=../common/openblas-coretype.sh
source "$(dirname "${BASH_SOURCE[0]}")/openblas-coretype.sh"
export_openblas_coretype
exec "${SPARKCTR_SPARK_ENTRYPOINT:-/opt/entrypoint.sh}" "$@"
