# Shared by deploy/yarn/submit.sh and deploy/k8s/submit.sh (sourced, not run).
MAIN_CLASS="io.sparkctr.jobs.cli.Main"
DRY_RUN=false
GPU=false
EXECUTOR_CORES="${SPARKCTR_EXECUTOR_CORES:-4}"
# The largest memory size the scripts take: 1p, in MiB. The least heap Spark starts an executor or a driver
# with: 450m (1.5 x the 300 MiB it reserves; below it Spark fails with INVALID_EXECUTOR_MEMORY).
MAX_MIB=$((1 << 30))
MIN_HEAP_MIB=450

# parse_flags "$@": reads --dry-run and --gpu; leaves the sparkctr command and its options in ARGS (--conf=FILE
# as --conf FILE) and what follows a `--` in EXTRA: spark-submit's own options, passed before the jar.
parse_flags() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run) DRY_RUN=true; shift ;;
      --gpu) GPU=true; shift ;;
      *) break ;;
    esac
  done
  [[ $# -ge 1 && "$1" != -- ]] \
    || { echo "usage: $0 [--dry-run] [--gpu] <command> [--key value ...] [-- <spark-submit option> ...]" >&2; exit 2; }
  ARGS=()
  EXTRA=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --) shift; EXTRA=("$@"); break ;;
      --conf=*) ARGS+=(--conf "${1#--conf=}"); shift ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
}

# size_error NAME VALUE REASON: exits 2 with "Cannot use NAME='VALUE': REASON".
size_error() {
  echo "Cannot use $1='$2': $3" >&2
  exit 2
}

# size_mib NAME VALUE LEAST: sets MIB to VALUE read as Spark reads a memory size (digits and an optional unit b,
# k/kb, m/mb, g/gb, t/tb, p/pb in any case, none = MiB; blanks around it ignored), in whole MiB rounded down as
# Spark rounds; exits 2 naming NAME for anything else, below LEAST MiB or above 1p.
size_mib() {
  local name="$1" value="$2" least="$3" text digits unit factor=1 divisor=1
  text="${value,,}"
  text="${text#"${text%%[![:space:]]*}"}"
  text="${text%"${text##*[![:space:]]}"}"
  [[ "$text" =~ ^0*([0-9]+)([a-z]*)$ ]] \
    || size_error "$name" "$value" "not a memory size: digits and an optional unit b, k, m, g, t or p (e.g. 12g, 12288m, 12288 = MiB; no fractions, no sign)"
  digits="${BASH_REMATCH[1]}"
  unit="${BASH_REMATCH[2]}"
  case "$unit" in
    b) divisor=1048576 ;;
    k | kb) divisor=1024 ;;
    '' | m | mb) ;;
    g | gb) factor=1024 ;;
    t | tb) factor=1048576 ;;
    p | pb) factor=1073741824 ;;
    *) size_error "$name" "$value" "unknown unit '$unit': b, k, m, g, t or p (kb ... pb too)" ;;
  esac
  # 17 digits are more than 1p in any unit; with fewer, nothing below overflows bash's 64-bit arithmetic
  (( ${#digits} <= 16 )) || size_error "$name" "$value" "more than 1p"
  (( factor == 1 || 10#$digits <= MAX_MIB / factor )) || size_error "$name" "$value" "more than 1p"
  MIB=$(( 10#$digits * factor / divisor ))
  (( MIB <= MAX_MIB )) || size_error "$name" "$value" "more than 1p"
  if (( MIB < least )); then
    if (( least == 1 )); then
      size_error "$name" "$value" "less than 1m in whole MiB (Spark rounds down)"
    fi
    size_error "$name" "$value" "less than $(mib_size "$least"), the least heap Spark starts with"
  fi
}

# mib_size MIB: the size written the one way Spark, the JVM (-Xmx, in client mode) and JavaCPP all read: <n>g for
# whole GiB, else <n>m.
mib_size() {
  if (( $1 % 1024 == 0 )); then echo "$(( $1 / 1024 ))g"; else echo "$1m"; fi
}

# memory_settings: the memory sizes from the environment, checked and rewritten by mib_size: EXECUTOR_MEMORY,
# OVERHEAD, DRIVER_MEMORY, and MAX_PHYSICAL = executor memory + overhead, the JavaCPP limit (it counts the
# whole process, as the container limit does).
memory_settings() {
  local memory overhead
  size_mib SPARKCTR_EXECUTOR_MEMORY "${SPARKCTR_EXECUTOR_MEMORY:-8g}" "$MIN_HEAP_MIB"; memory=$MIB
  size_mib SPARKCTR_EXECUTOR_OVERHEAD "${SPARKCTR_EXECUTOR_OVERHEAD:-6g}" 1; overhead=$MIB
  size_mib SPARKCTR_DRIVER_MEMORY "${SPARKCTR_DRIVER_MEMORY:-8g}" "$MIN_HEAP_MIB"
  DRIVER_MEMORY="$(mib_size "$MIB")"
  EXECUTOR_MEMORY="$(mib_size "$memory")"
  OVERHEAD="$(mib_size "$overhead")"
  MAX_PHYSICAL="$(mib_size $(( memory + overhead )))"
}

# conf_file PATH: sets CONF_FILE to PATH made absolute against the current directory, as any option naming a
# local file is read; both scripts read --conf this way.
conf_file() {
  CONF_FILE="$(realpath -m -- "$1")"
}

# common_conf LOG4J_PATH: the settings every sparkctr job needs — ND4J's off-heap memory (overhead, and a
# JavaCPP limit of heap + overhead), transparent huge pages for the heap that holds the embedding tables,
# Kryo with ND4J's registrator, logging, a fixed set of executors (gradient sharing forms its mesh once per
# run); per-task GPU share with --gpu. Needs memory_settings first.
common_conf() {
  CONF=(--conf spark.executor.memoryOverhead="$OVERHEAD"
    --conf spark.dynamicAllocation.enabled=false
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
    --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator
    --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxphysicalbytes=$MAX_PHYSICAL -XX:+UseTransparentHugePages -Dlog4j2.configurationFile=$1"
    --conf "spark.driver.extraJavaOptions=-XX:+UseTransparentHugePages -Dlog4j2.configurationFile=$1")
  if $GPU; then
    CONF+=(--conf spark.executor.resource.gpu.amount=1
      --conf spark.task.resource.gpu.amount="$(awk "BEGIN { print 1 / $EXECUTOR_CORES }")")
  fi
}

# blas_conf DRIVER_ENV DEFAULT: adds to CMD the driver's (the Spark property prefix DRIVER_ENV) and every executor's
# OPENBLAS_CORETYPE, OpenBLAS's kernels for the MLP's matrix products, from SPARKCTR_OPENBLAS_CORETYPE (unset:
# DEFAULT; empty: none, OpenBLAS's own choice); exits 2 for a value that is not a core name.
blas_conf() {
  local core="${SPARKCTR_OPENBLAS_CORETYPE-$2}"
  [[ -n "$core" ]] || return 0
  [[ "$core" =~ ^[A-Za-z0-9]+$ ]] \
    || { echo "Cannot use SPARKCTR_OPENBLAS_CORETYPE='$core': not an OpenBLAS core name (Haswell, SkylakeX, ...; empty for OpenBLAS's own choice)" >&2; exit 2; }
  CMD+=(--conf "${1}OPENBLAS_CORETYPE=$core" --conf spark.executorEnv.OPENBLAS_CORETYPE="$core")
}

# property_of OPTION: the Spark property a spark-submit option sets (--executor-memory: spark.executor.memory),
# the option itself for one without.
property_of() {
  case "$1" in
    --master) echo spark.master ;;
    --deploy-mode) echo spark.submit.deployMode ;;
    --name) echo spark.app.name ;;
    --queue) echo spark.yarn.queue ;;
    --num-executors) echo spark.executor.instances ;;
    --executor-cores) echo spark.executor.cores ;;
    --executor-memory) echo spark.executor.memory ;;
    --driver-memory) echo spark.driver.memory ;;
    --driver-cores) echo spark.driver.cores ;;
    --driver-java-options) echo spark.driver.extraJavaOptions ;;
    --files) echo spark.files ;;
    --principal) echo spark.kerberos.principal ;;
    --keytab) echo spark.kerberos.keytab ;;
    *) echo "$1" ;;
  esac
}

# check_extra: exits 2 unless EXTRA holds only spark-submit options (switches, --option VALUE, --option=VALUE),
# none of them setting what CMD (the script's options so far, all --option VALUE) sets: the sizes, the JavaCPP
# limit, Kryo ... come from the SPARKCTR_ settings and are derived together.
check_extra() {
  local taken=() i key shown t
  for ((i = 1; i + 1 < ${#CMD[@]}; i += 2)); do
    if [[ "${CMD[i]}" == --conf ]]; then taken+=("${CMD[i + 1]%%=*}"); else taken+=("$(property_of "${CMD[i]}")"); fi
  done
  i=0
  while (( i < ${#EXTRA[@]} )); do
    shown="${EXTRA[i]}"
    case "${EXTRA[i]}" in
      --conf | -c) shown+=" ${EXTRA[i + 1]:-}"; key="${EXTRA[i + 1]:-}"; key="${key%%=*}"; i=$(( i + 2 )) ;;
      --conf=*) key="${EXTRA[i]#--conf=}"; key="${key%%=*}"; i=$(( i + 1 )) ;;
      --verbose | -v | --supervise | --help | -h | --version) key=""; i=$(( i + 1 )) ;;
      --*=*) key="$(property_of "${EXTRA[i]%%=*}")"; i=$(( i + 1 )) ;;
      -*) shown+=" ${EXTRA[i + 1]:-}"; key="$(property_of "${EXTRA[i]}")"; i=$(( i + 2 )) ;;
      *) echo "Cannot pass '${EXTRA[i]}' to spark-submit: not an option (after -- come spark-submit's options; the command's go before it)" >&2
        exit 2 ;;
    esac
    for t in "${taken[@]}"; do
      if [[ -n "$key" && "$key" == "$t" ]]; then
        echo "Cannot pass '$shown' to spark-submit: the script sets $key itself (what it sets comes from its SPARKCTR_ settings, deploy/README.md)" >&2
        exit 2
      fi
    done
  done
}

# image_tag [cuda]: the immutable tag of the image built from this checkout, <project version>-<commit>
# (12 hex digits; -cuda for the CUDA image), e.g. 0.1.0-3f2c9a1b7d4e. The commit is $SPARKCTR_REVISION or
# git's HEAD. deploy/docker/build.sh tags with it; deploy/k8s/submit.sh runs it by default.
image_tag() {
  local version revision
  version="$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$ROOT/pom.xml" | head -n 1)"
  revision="${SPARKCTR_REVISION:-$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)}"
  if [[ -z "$version" || ! "$revision" =~ ^[0-9a-f]{12,40}$ ]]; then
    echo "Cannot tag the image: version '$version', commit '$revision' (not a git checkout? set SPARKCTR_REVISION)" >&2
    exit 2
  fi
  echo "${version}-${revision:0:12}${1:+-$1}"
}

# run_or_print CMD...: prints the exact command with --dry-run, runs it otherwise.
run_or_print() {
  if $DRY_RUN; then
    printf '%q ' "$@"; echo
  else
    exec "$@"
  fi
}
