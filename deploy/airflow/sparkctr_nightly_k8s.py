"""Nightly retraining of a sparkctr CTR model on Kubernetes (spark-on-k8s-operator).

The Kubernetes variant of ``sparkctr_nightly.py``; every day at 02:00, for the day ``{{ ds }}``:

  logs_complete    waits (bounded, reschedule mode) for ``<sparkctr_logs_day with {date} = ds>/<sparkctr_logs_marker>``
  image_immutable  refuses an image reference that can move (anything but <version>-<commit> or a digest)
  nightly          SparkKubernetesOperator creates the SparkApplication ``deploy/k8s/sparkapplication-nightly.yaml``
                   (rendered with Jinja: ``{{ ds }}``, ``{{ var.value.x }}``), follows the driver's log and
                   waits for it to end; the driver runs in its own pod
  version_complete waits (a few minutes at most) for ``<registry>/versions/{{ ds }}/_SPARKCTR_COMPLETE``
  gate_decision    reads ``<registry>/versions/{{ ds }}/result.json`` and branches on ``published``
  published / rejected

The driver pod's exit code is not the gate's decision (the operator reports COMPLETED or FAILED), so the
decision is read from the registry, whatever the state of ``nightly`` (trigger rule ``all_done``); a failed
run leaves no completion marker and fails the DAG run.

Needs the cncf.kubernetes provider with the SparkKubernetesOperator that waits for the application
(built on KubernetesPodOperator; older ones only create it and need a SparkKubernetesSensor), the
spark-operator in the cluster, deploy/k8s/rbac.yaml and networkpolicy.yaml applied, the ``sparkctr-launcher``
Role bound to the worker's service account, and this file next to ``../k8s/`` (sync the whole deploy/
directory). Object-store access from the worker (the checks) uses fsspec with s3fs/gcsfs and the worker's
own platform identity, or set ``sparkctr_fs_command`` to a Hadoop FsShell.

Memory sizes: EXECUTOR_MEMORY, EXECUTOR_OVERHEAD, DRIVER_MEMORY below, in any form Spark reads (12g, 12288m,
12288 = MiB); checked and the JavaCPP limit derived from them as deploy/common/submit-common.sh does, they reach
the manifest as ``sparkctr_sizes`` (a user-defined macro). Counts (executors, cores) are in the manifest.

Airflow Variables: sparkctr_image (immutable image reference), sparkctr_k8s_conf (file name in the
sparkctr-conf ConfigMap) [nightly.conf], sparkctr_registry, sparkctr_logs_day, sparkctr_logs_marker
[_SUCCESS], sparkctr_fs_command [""], sparkctr_alert_email. Connection ``kubernetes_default``.
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
    from airflow.providers.standard.operators.python import BranchPythonOperator, PythonOperator
    from airflow.providers.standard.sensors.python import PythonSensor
except ImportError:  # Airflow 2.x
    from airflow.operators.empty import EmptyOperator
    from airflow.operators.python import BranchPythonOperator, PythonOperator
    from airflow.sensors.python import PythonSensor
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sparkctr_airflow as support  # noqa: E402  (next to this file; imports no Airflow at parse time)

K8S_DIR = os.path.join(HERE, "..", "k8s")
APPLICATION = "sparkapplication-nightly.yaml"
NAMESPACE = "sparkctr"
KUBERNETES_CONN_ID = "kubernetes_default"
IMAGE = "{{ var.value.sparkctr_image }}"
REGISTRY = "{{ var.value.sparkctr_registry }}"
FS_COMMAND = "{{ var.value.get('sparkctr_fs_command', '') }}"
LOGS_DAY = "{{ var.value.sparkctr_logs_day | replace('{date}', ds) }}"
LOGS_MARKER = "{{ var.value.get('sparkctr_logs_marker', '_SUCCESS') }}"
EXECUTOR_MEMORY = "8g"
EXECUTOR_OVERHEAD = "6g"
DRIVER_MEMORY = "8g"
SIZES = support.memory_sizes(EXECUTOR_MEMORY, EXECUTOR_OVERHEAD, DRIVER_MEMORY)

default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=20),
    "on_failure_callback": support.alert,
}

with DAG(
    dag_id="sparkctr_nightly_k8s",
    description="Retrain, evaluate, gate and publish the CTR model (Kubernetes, spark-operator)",
    schedule="0 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    template_searchpath=[K8S_DIR],
    # the manifest's memory sizes and JavaCPP limit: {{ sparkctr_sizes.executor_memory }} ...
    user_defined_macros={"sparkctr_sizes": SIZES},
    tags=["sparkctr", "ctr", "kubernetes"],
) as dag:
    logs_complete = PythonSensor(
        task_id="logs_complete",
        python_callable=support.complete,
        op_kwargs={"directory": LOGS_DAY, "marker": LOGS_MARKER, "fs_command": FS_COMMAND},
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
    )
    image_immutable = PythonOperator(
        task_id="image_immutable",
        python_callable=support.check_image,
        op_kwargs={"image": IMAGE},
        retries=0,
    )
    nightly = SparkKubernetesOperator(
        task_id="nightly",
        namespace=NAMESPACE,
        application_file=APPLICATION,
        kubernetes_conn_id=KUBERNETES_CONN_ID,
        get_logs=True,
        delete_on_termination=True,
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
    [logs_complete, image_immutable] >> nightly >> version_complete >> gate_decision >> [published, rejected]
