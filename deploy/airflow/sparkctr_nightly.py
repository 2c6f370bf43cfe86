"""Nightly retraining of a sparkctr CTR model.

Every day at 02:00 (for the previous day, ``{{ ds }}``) this DAG runs
``sparkctr nightly --conf CONF --date {{ ds }}`` on YARN through ``deploy/yarn/submit.sh``:
features over the configured window, training, evaluation on the held-out day, the publication
gate, and an atomic switch of the registry's CURRENT pointer. All the logic lives in that tested
command; this file only schedules it and branches on its exit code:

  0  published      -> ``published`` (hook model reloads / notifications here)
  3  rejected       -> ``nightly`` is marked skipped, ``rejected`` runs; the old model stays
  2  bad input, 1 failure -> the task fails, is retried (re-runs are idempotent), then alerts

The driver runs in client mode on the Airflow worker so that the exit code reaches Airflow
(YARN cluster mode reports only success or failure). Airflow Variables: ``sparkctr_home`` (a
checkout with ``spark-jobs/target/sparkctr.jar`` built), ``sparkctr_conf`` (the dataset config,
relative to it), ``sparkctr_alert_email``.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.utils.trigger_rule import TriggerRule

SPARKCTR_HOME = Variable.get("sparkctr_home", default_var="/opt/sparkctr")
CONF = Variable.get("sparkctr_conf", default_var="conf/presets/criteo.conf")
SUBMIT = "deploy/yarn/submit.sh"
COMMAND = "nightly"
EXIT_REJECTED = 3


def alert(context):
    """Failure callback: logs the failed task; e-mail goes out through ``email_on_failure``."""
    ti = context["task_instance"]
    print(f"sparkctr nightly failed: {ti.dag_id}.{ti.task_id} for {context['ds']} (try {ti.try_number})")


default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=20),
    "email": [Variable.get("sparkctr_alert_email", default_var="ml-alerts@example.com")],
    "email_on_failure": True,
    "email_on_retry": False,
    "on_failure_callback": alert,
}

with DAG(
    dag_id="sparkctr_nightly",
    description="Retrain, evaluate, gate and publish the CTR model",
    schedule="0 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["sparkctr", "ctr"],
) as dag:
    nightly = BashOperator(
        task_id="nightly",
        bash_command=(
            f"cd {SPARKCTR_HOME} && SPARKCTR_DEPLOY_MODE=client {SUBMIT} {COMMAND} "
            f"--conf {CONF} --date {{{{ ds }}}}"
        ),
        skip_on_exit_code=EXIT_REJECTED,
        execution_timeout=timedelta(hours=6),
    )
    published = EmptyOperator(task_id="published")
    rejected = BashOperator(
        task_id="rejected",
        bash_command="echo 'sparkctr: the candidate for {{ ds }} was rejected by the gate; "
        "the published model stays (see versions/{{ ds }}/result.json in the registry)'",
        trigger_rule=TriggerRule.ALL_SKIPPED,
    )
    nightly >> [published, rejected]
