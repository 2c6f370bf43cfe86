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
#   SPARKCTR_DEPLOY_MODE [cluster]: in cluster mode YARN reports only success or failure, so the driver
#     writes its exit code and the first line of its message to a status file on the cluster's file system,
#     which the script reads after spark-submit returns and exits with (0, 1, 2, 3 as in client mode)
#   SPARKCTR_STATUS_DIR [/tmp/sparkctr-status]: where on the cluster's default file system (or a URI) the
#     status files go; one per submission, removed once read
#   SPARKCTR_FS_COMMAND [hdfs dfs]: the Hadoop FsShell that reads it (-cat, -rm) on the submitting host
#   SPARKCTR_OPENBLAS_CORETYPE [Haswell]: OpenBLAS's kernels for the MLP's matrix products in the driver and
#     every executor (OPENBLAS_CORETYPE): Haswell (AVX2) runs on every x86 node of the last decade, SkylakeX
#     (AVX-512) only where every node has AVX-512 (on one without, the JVM dies of an illegal instruction); empty
#     leaves the choice to OpenBLAS, which picks SSE3 kernels on CPUs newer than 2022 (docs/design/step-profile.md)
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

DEPLOY_MODE="${SPARKCTR_DEPLOY_MODE:-cluster}"
CMD=(spark-submit
  --master yarn --deploy-mode "$DEPLOY_MODE"
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
# OpenBLAS's kernels, named (the nodes' CPUs are not known here; OpenBLAS 0.3.21 falls back to SSE3 on new ones)
blas_conf spark.yarn.appMasterEnv. Haswell
if [[ "$DEPLOY_MODE" == client ]]; then
  # the driver is this process's child: its kernels from this host's CPU, as bin/sparkctr names them
  # shellcheck source=../common/openblas-coretype.sh
  source "$ROOT/deploy/common/openblas-coretype.sh"
  export_openblas_coretype
fi
# one attempt: a second attempt would meet the first one's checkpoints and half-written outputs; the caller
# (a scheduler's retries, --resume) decides what runs again
CMD+=(--conf spark.yarn.maxAppAttempts=1)
STATUS=""
if [[ "$DEPLOY_MODE" == cluster ]]; then
  STATUS="${SPARKCTR_STATUS_DIR:-/tmp/sparkctr-status}/$(date -u +%Y%m%dT%H%M%SZ)-$$-$RANDOM$RANDOM"
  CMD+=(--conf spark.yarn.appMasterEnv.SPARKCTR_STATUS_FILE="$STATUS")
fi
if $GPU; then
  CMD+=(--conf spark.executor.resource.gpu.discoveryScript="$DISCOVERY")
fi
check_extra
CMD+=(${EXTRA[@]+"${EXTRA[@]}"} "$JAR" "${ARGS[@]}")
if $DRY_RUN || [[ -z "$STATUS" ]]; then
  run_or_print "${CMD[@]}"
  exit 0
fi

# cluster mode: run spark-submit (its log still on stderr), then exit with the driver's code from the status file
SUBMIT_LOG="$(mktemp)"
trap 'rm -f "$SUBMIT_LOG"' EXIT
set +e
{ "${CMD[@]}" 2>&1 1>&3 3>&- | tee "$SUBMIT_LOG" >&2; } 3>&1
SUBMIT_CODE=${PIPESTATUS[0]}
set -e
APP_ID="$(grep -o 'application_[0-9]*_[0-9]*' "$SUBMIT_LOG" | head -n 1 || true)"
read -r -a FS_COMMAND <<< "${SPARKCTR_FS_COMMAND:-hdfs dfs}"
if STATUS_TEXT="$("${FS_COMMAND[@]}" -cat "$STATUS" 2>/dev/null)"; then
  "${FS_COMMAND[@]}" -rm -f "$STATUS" >/dev/null 2>&1 || true
  CODE="$(sed -n 1p <<< "$STATUS_TEXT")"
  MESSAGE="$(sed -n 2p <<< "$STATUS_TEXT")"
  if [[ ! "$CODE" =~ ^[0-9]+$ ]]; then
    MESSAGE="unreadable exit status in $STATUS: $STATUS_TEXT"
    CODE=1
  elif (( CODE == 0 && SUBMIT_CODE != 0 )); then
    MESSAGE="the driver returned 0, but spark-submit exited $SUBMIT_CODE (YARN reports the application failed)"
    CODE=1
  fi
elif (( SUBMIT_CODE == 0 )); then
  CODE=0
  MESSAGE=""
else
  CODE=1
  MESSAGE="no exit status from the driver at $STATUS (it did not start, or was killed; spark-submit exited $SUBMIT_CODE)"
fi
if (( CODE != 0 )); then
  if [[ -n "$MESSAGE" ]]; then echo "$MESSAGE" >&2; fi
  LOG_HINT=""
  if [[ -n "$APP_ID" ]]; then LOG_HINT=" ($APP_ID; the driver log: yarn logs -applicationId $APP_ID)"; fi
  echo "sparkctr ${ARGS[0]} exited $CODE on YARN$LOG_HINT" >&2
fi
exit "$CODE"
