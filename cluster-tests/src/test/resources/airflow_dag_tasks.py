"""A sparkctr DAG's tasks as Airflow would run them, without Airflow (it cannot be installed here).

    python3 airflow_dag_tasks.py DAG_FILE DS ACTION...      (Variables: JSON in $SPARKCTR_TEST_VARIABLES,
                                                           connections: JSON in $SPARKCTR_TEST_CONNECTIONS)
    ACTION  submit:TASK   the spark-submit command line of a SparkSubmitOperator task
            call:TASK     the result of a PythonSensor / BranchPythonOperator task's callable

Stand-in modules answer the DAG file's imports and record each operator's arguments; the templated fields
are rendered as Airflow renders them (Jinja, sandboxed, undefined is an error) with ``ds`` and ``var.value``.
A SparkSubmitOperator's rendered arguments become the spark-submit command line as the Spark provider's
SparkSubmitHook builds it (``_resolve_connection``, ``_build_spark_common_args``, ``_build_spark_submit_command``,
for a Spark connection whose host is the master); a callable runs with its rendered ``op_kwargs``. Prints one
JSON object: ``{"TASK": argv or result, ...}``. DeployDagsTest checks the DAGs' structure and operator
signatures; this only renders and runs.
"""
import importlib.util
import json
import os
import sys
import types

import jinja2
import jinja2.sandbox

dag_file, ds, actions = sys.argv[1], sys.argv[2], sys.argv[3:]
variables = json.loads(os.environ.get("SPARKCTR_TEST_VARIABLES", "{}"))
connections = json.loads(os.environ.get("SPARKCTR_TEST_CONNECTIONS", "{}"))


class DAG:
    current = None

    def __init__(self, **kw):
        self.kw, self.tasks = kw, {}

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *a):
        DAG.current = None


class Operator:
    def __init__(self, **kw):
        args = dict(DAG.current.kw.get("default_args", {}))
        args.update(kw)
        self.kw = args
        DAG.current.tasks[kw["task_id"]] = self

    def __rshift__(self, other):
        return other

    def __rrshift__(self, other):
        return self


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m


ops = {n: type(n, (Operator,), {}) for n in
       ["EmptyOperator", "PythonOperator", "BranchPythonOperator", "PythonSensor", "SparkSubmitOperator"]}
for name in ["airflow", "airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
             "airflow.providers.apache.spark.operators", "airflow.providers.standard",
             "airflow.providers.standard.operators", "airflow.providers.standard.sensors"]:
    module(name)
module("airflow.sdk", DAG=DAG)
module("airflow.providers.standard.operators.empty", EmptyOperator=ops["EmptyOperator"])
module("airflow.providers.standard.operators.python", PythonOperator=ops["PythonOperator"],
       BranchPythonOperator=ops["BranchPythonOperator"])
module("airflow.providers.standard.sensors.python", PythonSensor=ops["PythonSensor"])
module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=ops["SparkSubmitOperator"])

spec = importlib.util.spec_from_file_location("dag_under_test", dag_file)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
dag = next(v for v in vars(mod).values() if isinstance(v, DAG))


class VarValue:  # Airflow's var.value accessor
    def __getattr__(self, key):
        if key not in variables:
            raise KeyError(f"Variable {key} does not exist")
        return variables[key]

    def get(self, key, default=None):
        return variables.get(key, default)


env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined)
env.globals.update(dag.kw.get("user_defined_macros", {}))
context = {"ds": ds, "ds_nodash": ds.replace("-", ""), "var": {"value": VarValue()}}


def render(v):
    if isinstance(v, str):
        return env.from_string(v).render(context)
    if isinstance(v, list):
        return [render(x) for x in v]
    if isinstance(v, dict):
        return {k: render(x) for k, x in v.items()}
    return v


# SparkSubmitOperator.template_fields (the Spark provider)
SUBMIT_TEMPLATED = ["application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                    "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args", "env_vars",
                    "properties_file"]


def spark_submit(kw):
    """SparkSubmitHook's command line for a Spark connection (host = master) in YARN or local mode."""
    kw = {k: (render(v) if k in SUBMIT_TEMPLATED else v) for k, v in kw.items()}
    conn = connections[kw.get("conn_id", "spark_default")]
    extra = conn.get("extra", {})
    master = conn["host"] if conn.get("conn_type", "spark") == "spark" else f"{conn['conn_type']}://{conn['host']}"
    if conn.get("port"):
        master += f":{conn['port']}"
    queue = kw.get("yarn_queue") or extra.get("queue")
    deploy_mode = kw.get("deploy_mode") or extra.get("deploy-mode")
    keytab = kw.get("keytab")
    principal = kw.get("principal")
    if "k8s" in master or kw.get("env_vars"):
        raise ValueError("only YARN or local masters without env_vars here")
    args = [kw.get("spark_binary") or extra.get("spark-binary", "spark-submit"), "--master", master]
    for key, value in (kw.get("conf") or {}).items():
        args += ["--conf", f"{key}={value}"]
    for option, field in [("--properties-file", "properties_file"), ("--files", "files"), ("--py-files", "py_files"),
                          ("--archives", "archives"), ("--driver-class-path", "driver_class_path"),
                          ("--jars", "jars"), ("--packages", "packages"), ("--exclude-packages", "exclude_packages"),
                          ("--repositories", "repositories"), ("--num-executors", "num_executors"),
                          ("--total-executor-cores", "total_executor_cores"),
                          ("--executor-cores", "executor_cores"), ("--executor-memory", "executor_memory"),
                          ("--driver-memory", "driver_memory")]:
        if kw.get(field):
            args += [option, str(kw[field])]
    if keytab:
        args += ["--keytab", keytab]
    if principal:
        args += ["--principal", principal]
    if kw.get("proxy_user"):
        args += ["--proxy-user", kw["proxy_user"]]
    args += ["--name", kw.get("name") or "arrow-spark"]  # the operator's default name
    if kw.get("java_class"):
        args += ["--class", kw["java_class"]]
    if kw.get("verbose"):
        args += ["--verbose"]
    if queue:
        args += ["--queue", queue]
    if deploy_mode:
        args += ["--deploy-mode", deploy_mode]
    return args + [kw["application"]] + [str(a) for a in kw.get("application_args") or []]


out = {}
for action in actions:
    kind, task_id = action.split(":", 1)
    task = dag.tasks[task_id]
    if kind == "submit":
        assert type(task).__name__ == "SparkSubmitOperator", task_id
        out[task_id] = spark_submit(task.kw)
    elif kind == "call":
        out[task_id] = task.kw["python_callable"](**render(task.kw.get("op_kwargs", {})))
    else:
        raise ValueError(action)
print(json.dumps(out))
