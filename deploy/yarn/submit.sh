#!/usr/bin/env bash
# Submit a sparkctr command to YARN in cluster mode.
#   deploy/yarn/submit.sh [--dry-run] [--gpu] <command> [--key value ...] [-- <spark-submit option> ...]
# e.g. deploy/yarn/submit.sh nightly --conf conf/presets/criteo.conf --date 2026-11-23
#      deploy/yarn/submit.sh train --conf my.conf ... -- --conf spark.yarn.jars='hdfs:///spark/jars/*.jar'
# --dry-run prints the exact spark-submit command instead of running it. The config file given
# with --conf (a local path, relative to the current directory) is shipped with the application
# (--files) and passed by its base name. What follows `--` goes to spark-submit before the jar; it may
# not set what the script sets (exit 2).
# Sizing from the environment (defaults in brackets):
#   SPARKCTR_JAR [spark-jobs/target/sparkctr.jar, or sparkctr-cuda.jar with --gpu]  SPARKCTR_QUEUE [default]
#   SPARKCTR_EXECUTORS [8]  SPARKCTR_EXECUTOR_CORES [4]  SPARKCTR_EXECUTOR_MEMORY [8g]
#   SPARKCTR_EXECUTOR_OVERHEAD [6g]: ND4J's off-heap memory, >= cores x the estimate train logs
#   SPARKCTR_DRIVER_MEMORY [8g]  SPARKCTR_DRIVER_CORES [2]
#   (memory sizes in any form Spark reads: 12g, 12288m, 12288 = MiB, 12GB ...; anything else exits 2)
#   SPARKCTR_PRINCIPAL, SPARKCTR_KEYTAB: Kerberos (spark-submit --principal/--keytab): the keytab is a file the
#     platform provisions on the submitting host (never in the repository or an image); without them
#     spark-submit uses the caller's ticket cache (kinit)
#   SPARKCTR_DEPLOY_MODE [cluster]: in cluster mode YARN reports only success or failure; a scheduler
#     that branches on `nightly`'s exit codes (3 = rejected by the gate) runs it in client mode
# --gpu: one GPU per executor, shared by its tasks, found by deploy/common/gpu-discovery.sh (shipped
# with --files; or set SPARKCTR_GPU_DISCOVERY to a script installed on the nodes); build the
# CUDA jar with `mvn -Pcuda -DskipTests package` and copy it to spark-jobs/target/sparkctr-cuda.jar.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../common/submit-common.sh
source "$ROOT/deploy/common/submit-common.sh"
parse_flags "$@"
memory_settings
set -- "${ARGS[@]}"

if $GPU; then JAR_DEFAULT="$ROOT/spark-jobs/target/sparkctr-cuda.jar"; else JAR_DEFAULT="$ROOT/spark-jobs/target/sparkctr.jar"; fi
JAR="${SPARKCTR_JAR:-$JAR_DEFAULT}"

# ship the --conf file (relative to the current directory) and refer to it by its base name in the container
ARGS=()
FILES=("$ROOT/conf/log4j2.properties")
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--conf" && $# -ge 2 ]]; then
    conf_file "$2"
    [[ -f "$CONF_FILE" ]] || { echo "Cannot ship --conf $2: no such file ($CONF_FILE)" >&2; exit 2; }
    FILES+=("$CONF_FILE"); ARGS+=("--conf" "$(basename "$CONF_FILE")"); shift 2
  else
    ARGS+=("$1"); shift
  fi
done

DISCOVERY="${SPARKCTR_GPU_DISCOVERY:-./gpu-discovery.sh}"
if $GPU && [[ "$DISCOVERY" == ./gpu-discovery.sh ]]; then
  FILES+=("$ROOT/deploy/common/gpu-discovery.sh")
fi

CMD=(spark-submit
  --master yarn --deploy-mode "${SPARKCTR_DEPLOY_MODE:-cluster}"
  --name "sparkctr ${ARGS[0]}"
  --queue "${SPARKCTR_QUEUE:-default}"
  --class "$MAIN_CLASS"
  --num-executors "${SPARKCTR_EXECUTORS:-8}"
  --executor-cores "$EXECUTOR_CORES"
  --executor-memory "$EXECUTOR_MEMORY"
  --driver-memory "$DRIVER_MEMORY"
  --driver-cores "${SPARKCTR_DRIVER_CORES:-2}"
  --files "$(IFS=,; echo "${FILES[*]}")")
if [[ -n "${SPARKCTR_PRINCIPAL:-}" || -n "${SPARKCTR_KEYTAB:-}" ]]; then
  [[ -n "${SPARKCTR_PRINCIPAL:-}" && -n "${SPARKCTR_KEYTAB:-}" ]] \
    || { echo "SPARKCTR_PRINCIPAL and SPARKCTR_KEYTAB go together" >&2; exit 2; }
  CMD+=(--principal "$SPARKCTR_PRINCIPAL" --keytab "$SPARKCTR_KEYTAB")
fi
common_conf log4j2.properties
CMD+=("${CONF[@]}")
# the driver runs in the application master (cluster mode): its ND4J threads sleep between operations
# (executors get the same from the job, io.sparkctr.jobs.cli.commands.NativeThreads)
CMD+=(--conf spark.yarn.appMasterEnv.OMP_WAIT_POLICY=PASSIVE)
if $GPU; then
  CMD+=(--conf spark.executor.resource.gpu.discoveryScript="$DISCOVERY")
fi
check_extra
CMD+=(${EXTRA[@]+"${EXTRA[@]}"} "$JAR" "${ARGS[@]}")
run_or_print "${CMD[@]}"
