# Shared by deploy/yarn/submit.sh and deploy/k8s/submit.sh (sourced, not run).
MAIN_CLASS="io.sparkctr.jobs.cli.Main"
DRY_RUN=false
GPU=false
EXECUTOR_CORES="${SPARKCTR_EXECUTOR_CORES:-4}"
EXECUTOR_MEMORY="${SPARKCTR_EXECUTOR_MEMORY:-8g}"
OVERHEAD="${SPARKCTR_EXECUTOR_OVERHEAD:-6g}"

# parse_flags "$@": reads --dry-run and --gpu, leaves the sparkctr command and its options in ARGS.
parse_flags() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run) DRY_RUN=true; shift ;;
      --gpu) GPU=true; shift ;;
      *) break ;;
    esac
  done
  [[ $# -ge 1 ]] || { echo "usage: $0 [--dry-run] [--gpu] <command> [--key value ...]" >&2; exit 2; }
  ARGS=("$@")
}

# common_conf LOG4J_PATH: the settings every sparkctr job needs — ND4J's off-heap memory (overhead, and a
# JavaCPP limit of heap + overhead), transparent huge pages for the heap that holds the embedding tables,
# Kryo with ND4J's registrator, logging, a fixed set of executors (gradient sharing forms its mesh once per
# run); per-task GPU share with --gpu.
common_conf() {
  CONF=(--conf spark.executor.memoryOverhead="$OVERHEAD"
    --conf spark.dynamicAllocation.enabled=false
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
    --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator
    --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxphysicalbytes=$(( ${EXECUTOR_MEMORY%g} + ${OVERHEAD%g} ))g -XX:+UseTransparentHugePages -Dlog4j2.configurationFile=$1"
    --conf "spark.driver.extraJavaOptions=-XX:+UseTransparentHugePages -Dlog4j2.configurationFile=$1")
  if $GPU; then
    CONF+=(--conf spark.executor.resource.gpu.amount=1
      --conf spark.task.resource.gpu.amount="$(awk "BEGIN { print 1 / $EXECUTOR_CORES }")")
  fi
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
