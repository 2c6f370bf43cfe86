"""Nightly retraining of a sparkctr CTR model on YARN (cluster deploy mode).

Every day at 02:00, for the day ``{{ ds }}``:

  logs_complete    waits (bounded, in reschedule mode: no worker slot held) for the day's raw logs to be
                   complete: ``<sparkctr_logs_day with {date} = ds>/<sparkctr_logs_marker>`` (``_SUCCESS``)
  nightly          ``sparkctr nightly --conf CONF --date {{ ds }}`` with the Spark provider's
                   SparkSubmitOperator, ``--deploy-mode cluster``: the driver runs in a YARN container,
                   not on the Airflow worker; the worker only runs spark-submit, which follows the app
  version_complete waits (a few minutes at most) for ``<registry>/versions/{{ ds }}/_SPARKCTR_COMPLETE``
  gate_decision    reads ``<registry>/versions/{{ ds }}/result.json`` and branches on ``published``:
  published        the candidate is the published model (CURRENT switched): hook model reloads here
  rejected         the gate rejected it; the published model stays (reasons in result.json and the report)

In cluster mode YARN reports only SUCCEEDED or FAILED, not the driver's exit code (3 = rejected), so
the gate's decision is read from the registry. ``version_complete`` runs whatever the submit's state
(trigger rule ``all_done``): the decision recorded for the date is the truth even if the submit
task was reported failed; a run that failed leaves no completion marker and fails the DAG run.
Re-runs are idempotent (``nightly`` finds the recorded decision and does nothing).

Nothing is read at parse time: every setting is a Jinja template rendered when the task runs.
Airflow Variables (``{{ var.value.x }}``):
  sparkctr_home        a directory on the worker holding the build: spark-jobs/target/sparkctr.jar, conf/
  sparkctr_conf        the dataset config, relative to sparkctr_home (shipped with --files)
  sparkctr_registry    the registry, = sparkctr.nightly.registry in that config
  sparkctr_logs_day    one day's raw logs, = sparkctr.nightly.input's directory, with {date}
  sparkctr_logs_marker the file that marks a day of logs complete [_SUCCESS]
  sparkctr_fs_command  a Hadoop FsShell on the worker for the checks [hdfs dfs]
  sparkctr_queue       YARN queue [default]
  sparkctr_principal, sparkctr_keytab  Kerberos: principal and the path of a keytab the platform
                       provisions on the worker (never in the repository, the image or a Variable's value)
  sparkctr_alert_email who the failure callback mails (read when a task fails)
Connection ``spark_yarn``: Spark connection with host ``yarn`` (HADOOP_CONF_DIR on the worker).
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.x
    from airflow import DAG
try:  # Airflow 3 / standard provider
    from airflow.providers.standard.operators.empty import EmptyOperator
    from airflow.providers.standard.operators.python import BranchPythonOperator
    from airflow.providers.standard.sensors.python import PythonSensor
except ImportError:  # Airflow 2.x
    from airflow.operators.empty import EmptyOperator
    from airflow.operators.python import BranchPythonOperator
    from airflow.sensors.python import PythonSensor
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sparkctr_airflow as support  # noqa: E402  (next to this file; imports no Airflow at parse time)

SPARK_CONN_ID = "spark_yarn"
MAIN_CLASS = "io.sparkctr.jobs.cli.Main"
COMMAND = "nightly"
JAR = "spark-jobs/target/sparkctr.jar"
CONF = "conf/presets/criteo.conf"
LOG4J = "conf/log4j2.properties"
HOME = "{{ var.value.get('sparkctr_home', '/opt/sparkctr') }}"
CONF_PATH = "{{ var.value.get('sparkctr_conf', '" + CONF + "') }}"
CONF_NAME = "{{ var.value.get('sparkctr_conf', '" + CONF + "').split('/')[-1] }}"
REGISTRY = "{{ var.value.sparkctr_registry }}"
FS_COMMAND = "{{ var.value.get('sparkctr_fs_command', 'hdfs dfs') }}"
LOGS_DAY = "{{ var.value.sparkctr_logs_day | replace('{date}', ds) }}"
LOGS_MARKER = "{{ var.value.get('sparkctr_logs_marker', '_SUCCESS') }}"
EXECUTORS = 8
EXECUTOR_CORES = 4
# memory sizes in any form Spark reads (12g, 12288m, 12288 = MiB); checked, and the JavaCPP limit derived from
# them, as deploy/common/submit-common.sh does (a size Spark does not take fails the DAG's import)
EXECUTOR_MEMORY = "8g"
EXECUTOR_OVERHEAD = "6g"
DRIVER_MEMORY = "8g"
DRIVER_CORES = 2
# OpenBLAS's kernels for the MLP's matrix products: Haswell (AVX2) runs on every x86 node of the last decade;
# SkylakeX (AVX-512) only where every node has AVX-512 (docs/design/step-profile.md)
OPENBLAS_CORETYPE = "Haswell"
SIZES = support.memory_sizes(EXECUTOR_MEMORY, EXECUTOR_OVERHEAD, DRIVER_MEMORY)
# The same settings as deploy/common/submit-common.sh (DeployScriptsTest compares them): ND4J's
# off-heap memory, a JavaCPP limit of heap + overhead, Kryo with ND4J's registrator, a fixed set of
# executors (gradient sharing forms its mesh once per run), logging.
SPARK_CONF = {
    "spark.executor.memoryOverhead": SIZES["executor_overhead"],
    "spark.dynamicAllocation.enabled": "false",
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "org.nd4j.kryo.Nd4jRegistrator",
    "spark.executor.extraJavaOptions": "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + SIZES["max_physical_bytes"]
                                       + " -XX:+UseTransparentHugePages -Dlog4j2.configurationFile=log4j2.properties",
    "spark.driver.extraJavaOptions": "-XX:+UseTransparentHugePages -Dlog4j2.configurationFile=log4j2.properties",
    "spark.driver.cores": str(DRIVER_CORES),
    # as deploy/yarn/submit.sh: the driver's ND4J threads sleep between operations (NativeThreads)
    "spark.yarn.appMasterEnv.OMP_WAIT_POLICY": "PASSIVE",
    # as deploy/yarn/submit.sh (SPARKCTR_OPENBLAS_CORETYPE's default): OpenBLAS's AVX2 kernels on every node
    "spark.yarn.appMasterEnv.OPENBLAS_CORETYPE": OPENBLAS_CORETYPE,
    "spark.executorEnv.OPENBLAS_CORETYPE": OPENBLAS_CORETYPE,
    "spark.yarn.queue": "{{ var.value.get('sparkctr_queue', 'default') }}",
    # one YARN attempt: Airflow's retries are the only retries (each re-run is idempotent)
    "spark.yarn.maxAppAttempts": "1",
}


default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=20),
    "on_failure_callback": support.alert,
}

with DAG(
    dag_id="sparkctr_nightly",
    description="Retrain, evaluate, gate and publish the CTR model (YARN, cluster mode)",
    schedule="0 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["sparkctr", "ctr", "yarn"],
) as dag:
    logs_complete = PythonSensor(
        task_id="logs_complete",
        python_callable=support.complete,
        op_kwargs={"directory": LOGS_DAY, "marker": LOGS_MARKER, "fs_command": FS_COMMAND},
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
    )
    nightly = SparkSubmitOperator(
        task_id="nightly",
        conn_id=SPARK_CONN_ID,
        deploy_mode="cluster",
        application=HOME + "/" + JAR,
        java_class=MAIN_CLASS,
        name="sparkctr-nightly-{{ ds }}",
        # the dataset config travels with the application and is passed by its base name
        files=HOME + "/" + CONF_PATH + "," + HOME + "/" + LOG4J,
        application_args=[COMMAND, "--conf", CONF_NAME, "--date", "{{ ds }}"],
        conf=SPARK_CONF,
        num_executors=EXECUTORS,
        executor_cores=EXECUTOR_CORES,
        executor_memory=SIZES["executor_memory"],
        driver_memory=SIZES["driver_memory"],
        # Kerberos on YARN: spark-submit --principal/--keytab (the keytab is provisioned by the platform)
        principal="{{ var.value.get('sparkctr_principal', '') }}",
        keytab="{{ var.value.get('sparkctr_keytab', '') }}",
        execution_timeout=timedelta(hours=6),
    )
    version_complete = PythonSensor(
        task_id="version_complete",
        python_callable=support.complete,
        op_kwargs={"directory": REGISTRY + "/versions/{{ ds }}", "fs_command": FS_COMMAND},
        trigger_rule="all_done",
        mode="reschedule",
        poke_interval=60,
        timeout=timedelta(minutes=10).total_seconds(),
    )
    gate_decision = BranchPythonOperator(
        task_id="gate_decision",
        python_callable=support.decision,
        op_kwargs={"registry": REGISTRY, "date": "{{ ds }}", "fs_command": FS_COMMAND},
    )
    published = EmptyOperator(task_id=support.PUBLISHED)
    rejected = EmptyOperator(task_id=support.REJECTED)
    logs_complete >> nightly >> version_complete >> gate_decision >> [published, rejected]
