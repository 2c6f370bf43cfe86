#!/usr/bin/env bash
# Submit a sparkctr command to Kubernetes in cluster mode, from the sparkctr images
# (deploy/docker/Dockerfile.cpu, Dockerfile.cuda).
#   deploy/k8s/submit.sh [--dry-run] [--gpu] <command> [--key value ...] [-- <spark-submit option> ...]
# e.g. deploy/k8s/submit.sh nightly --conf conf/presets/criteo.conf --date 2026-11-23
# --dry-run prints the exact spark-submit command. --conf names a local path, relative to the current
# directory as on YARN, that lies in this checkout's conf/: the image holds conf/ under /opt/sparkctr/conf,
# so (from the repository root) --conf conf/X.conf becomes /opt/sparkctr/conf/X.conf; mount your own
# configs (the sparkctr-conf ConfigMap) under /opt/sparkctr/conf/site and pass --conf conf/site/X.conf.
# What follows `--` goes to spark-submit before the jar; it may not set what the script sets (exit 2).
# Environment (defaults in brackets):
#   SPARKCTR_K8S_MASTER [k8s://https://kubernetes.default.svc]  SPARKCTR_NAMESPACE [sparkctr]
#   SPARKCTR_IMAGE [${SPARKCTR_REGISTRY}sparkctr:<version>-<commit>, -cuda with --gpu: what
#     deploy/docker/build.sh tags from this checkout; use immutable references only]
#   SPARKCTR_SERVICE_ACCOUNT [sparkctr-driver]  SPARKCTR_EXECUTOR_SERVICE_ACCOUNT [sparkctr-executor]
#     (deploy/k8s/rbac.yaml; object-store credentials come from their cloud identity, deploy/README.md)
#   SPARKCTR_DRIVER_MEMORY [8g]  SPARKCTR_DRIVER_CORES [2]
#   SPARKCTR_EXECUTORS [8]  SPARKCTR_EXECUTOR_CORES [4]  SPARKCTR_EXECUTOR_MEMORY [8g]
#   SPARKCTR_EXECUTOR_OVERHEAD [6g]: ND4J's off-heap memory, >= cores x the estimate train logs
#   (memory sizes in any form Spark reads: 12g, 12288m, 12288 = MiB, 12GB ...; anything else exits 2)
#   SPARKCTR_OPENBLAS_CORETYPE [unset: the CPU image's entrypoint names OpenBLAS's kernels from the driver pod's
#     CPU, executors run the driver's]: a core name for the driver and every executor (Haswell, SkylakeX)
# Spark's ports are fixed (driver 7078, block managers 7079) for deploy/k8s/networkpolicy.yaml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP_HOME="/opt/sparkctr"
# shellcheck source=../common/submit-common.sh
source "$ROOT/deploy/common/submit-common.sh"
parse_flags "$@"
memory_settings
set -- "${ARGS[@]}"

if $GPU; then
  IMAGE="${SPARKCTR_IMAGE:-${SPARKCTR_REGISTRY:-}sparkctr:$(image_tag cuda)}"; JAR="local://$APP_HOME/sparkctr-cuda.jar"
  EXECUTOR_TEMPLATE="$ROOT/deploy/k8s/executor-pod-gpu.yaml"
else
  IMAGE="${SPARKCTR_IMAGE:-${SPARKCTR_REGISTRY:-}sparkctr:$(image_tag)}"; JAR="local://$APP_HOME/sparkctr.jar"
  EXECUTOR_TEMPLATE="$ROOT/deploy/k8s/executor-pod-cpu.yaml"
fi

# image_conf PATH: sets CONF_FILE to the image's path of the --conf file PATH (relative to the current directory):
# this checkout's conf/X is $APP_HOME/conf/X, conf/site/ the sparkctr-conf ConfigMap's mount (not checked here);
# exits 2 for a file elsewhere, or missing from conf/.
image_conf() {
  local root
  root="$(realpath -m -- "$ROOT")"
  conf_file "$1"
  case "$CONF_FILE" in
    "$root"/conf/site/*) ;;
    "$root"/conf/*) [[ -f "$CONF_FILE" ]] || { echo "Cannot pass --conf $1 to Kubernetes: no such file ($CONF_FILE) in conf/, which the image holds" >&2; exit 2; } ;;
    *) echo "Cannot pass --conf $1 to Kubernetes: $CONF_FILE is outside $root/conf, the directory the image holds as $APP_HOME/conf (put your config in the sparkctr-conf ConfigMap and pass conf/site/NAME)" >&2
      exit 2 ;;
  esac
  CONF_FILE="$APP_HOME/${CONF_FILE#"$root"/}"
}

ARGS=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--conf" && $# -ge 2 ]]; then
    image_conf "$2"; ARGS+=("--conf" "$CONF_FILE"); shift 2
  else
    ARGS+=("$1"); shift
  fi
done

CMD=(spark-submit
  --master "${SPARKCTR_K8S_MASTER:-k8s://https://kubernetes.default.svc}" --deploy-mode cluster
  --name "sparkctr-${ARGS[0]}"
  --class "$MAIN_CLASS"
  --conf spark.kubernetes.namespace="${SPARKCTR_NAMESPACE:-sparkctr}"
  --conf spark.kubernetes.container.image="$IMAGE"
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SPARKCTR_SERVICE_ACCOUNT:-sparkctr-driver}"
  --conf spark.kubernetes.authenticate.executor.serviceAccountName="${SPARKCTR_EXECUTOR_SERVICE_ACCOUNT:-sparkctr-executor}"
  --conf spark.kubernetes.driver.podTemplateFile="$ROOT/deploy/k8s/driver-pod.yaml"
  --conf spark.kubernetes.executor.podTemplateFile="$EXECUTOR_TEMPLATE"
  --conf spark.driver.memory="$DRIVER_MEMORY"
  --conf spark.driver.cores="${SPARKCTR_DRIVER_CORES:-2}"
  --conf spark.driver.port=7078
  --conf spark.driver.blockManager.port=7079
  --conf spark.blockManager.port=7079
  --conf spark.executor.instances="${SPARKCTR_EXECUTORS:-8}"
  --conf spark.executor.cores="$EXECUTOR_CORES"
  --conf spark.executor.memory="$EXECUTOR_MEMORY")
common_conf "$APP_HOME/conf/log4j2.properties"
CMD+=("${CONF[@]}")
blas_conf spark.kubernetes.driverEnv. ""
if $GPU; then
  CMD+=(--conf spark.executor.resource.gpu.vendor=nvidia.com
    --conf spark.executor.resource.gpu.discoveryScript="$APP_HOME/gpu-discovery.sh")
fi
check_extra
CMD+=(${EXTRA[@]+"${EXTRA[@]}"} "$JAR" "${ARGS[@]}")
run_or_print "${CMD[@]}"
