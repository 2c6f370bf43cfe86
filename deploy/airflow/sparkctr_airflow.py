"""Shared by the sparkctr DAGs: completion markers, the nightly run's recorded decision, image checks, memory sizes, alerts.

Imports nothing from Airflow at module level, so it can be tested (and run by hand) on any machine
with python3:

    python3 sparkctr_airflow.py decision  REGISTRY DATE [--fs-command "hdfs dfs"]  -> published | rejected
    python3 sparkctr_airflow.py exists    PATH          [--fs-command "hdfs dfs"]  -> exit 0 / 1
    python3 sparkctr_airflow.py check-image IMAGE                                   -> exit 0 / 2
    python3 sparkctr_airflow.py sizes EXECUTOR_MEMORY EXECUTOR_OVERHEAD DRIVER_MEMORY -> JSON / exit 2

In cluster mode the driver's exit code does not reach Airflow, so the DAGs read the decision that
``sparkctr nightly`` records in ``<registry>/versions/<date>/result.json`` (``"published": true|false``),
and only once the version directory's completion marker ``_SPARKCTR_COMPLETE`` exists: on an object
store a "rename" is a copy, so a directory is complete only when its marker, written last, is there.

File systems: with ``fs_command`` (e.g. ``hdfs dfs``; any Hadoop FsShell: it reads ``hdfs://``,
``s3a://``, ``gs://`` with the cluster's Hadoop configuration and Kerberos ticket) the check runs
``<fs_command> -test -e PATH`` and ``<fs_command> -cat PATH``. Without it, local paths and
``file://`` are read directly and other URLs through fsspec (``s3://``/``s3a://`` with s3fs,
``gs://`` with gcsfs), using the worker's platform credentials (IRSA / workload identity).
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

# Written last into every directory sparkctr publishes (features, model bundle, report, registry version).
COMPLETE_MARKER = "_SPARKCTR_COMPLETE"
RESULT = "result.json"
VERSIONS = "versions"
# the DAGs' task ids for the two outcomes of the gate
PUBLISHED = "published"
REJECTED = "rejected"
# An image reference that cannot move: a digest, or a tag <version>-<git commit> (optionally -cuda),
# e.g. registry.example.com/ml/sparkctr:0.1.0-3f2c9a1b7d4e or sparkctr:0.1.0-SNAPSHOT-3f2c9a1b7d4e-cuda
IMMUTABLE_IMAGE = re.compile(
    r"^[a-z0-9][a-z0-9._/:-]*?("
    r"@sha256:[0-9a-f]{64}"
    r"|:\d+\.\d+\.\d+(-[A-Za-z0-9.]+)?-[0-9a-f]{7,40}(-cuda)?"
    r")$")
# Memory sizes as Spark reads them (JavaUtils.byteStringAs) and as deploy/common/submit-common.sh reads them:
# digits and an optional unit, in any case, blanks around them ignored; no unit = MiB. Rounded down to whole MiB.
SIZE = re.compile(r"0*([0-9]+)([a-z]*)")
UNIT_BYTES = {"b": 1, "k": 1 << 10, "kb": 1 << 10, "": 1 << 20, "m": 1 << 20, "mb": 1 << 20, "g": 1 << 30,
              "gb": 1 << 30, "t": 1 << 40, "tb": 1 << 40, "p": 1 << 50, "pb": 1 << 50}
# the largest size taken (1p, in MiB); the least heap Spark starts an executor or a driver with (1.5 x its 300 MiB
# reserve; below it Spark fails with INVALID_EXECUTOR_MEMORY)
MAX_MIB = 1 << 30
MIN_HEAP_MIB = 450


class IncompleteError(Exception):
    """The run's output is not (yet) complete: no completion marker."""


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/")] + [p.strip("/") for p in parts])


def version_dir(registry: str, date: str) -> str:
    return join(registry, VERSIONS, date)


class HadoopShell:
    """Hadoop's FsShell (``hdfs dfs``, ``hadoop fs``): whatever file systems the cluster's client reads."""

    def __init__(self, command: list[str]):
        self.command = command

    def exists(self, path: str) -> bool:
        p = subprocess.run(self.command + ["-test", "-e", path], capture_output=True, text=True)
        if p.returncode == 0:
            return True
        if p.returncode == 1:  # -test: 1 = absent; errors (permissions, connection) exit 255
            return False
        raise OSError(f"{' '.join(self.command)} -test -e {path} failed ({p.returncode}): {p.stderr.strip()}")

    def read(self, path: str) -> str:
        p = subprocess.run(self.command + ["-cat", path], capture_output=True, text=True)
        if p.returncode != 0:
            raise OSError(f"{' '.join(self.command)} -cat {path} failed ({p.returncode}): {p.stderr.strip()}")
        return p.stdout


class PythonFs:
    """Local paths directly; URLs through fsspec (s3fs, gcsfs installed on the Airflow worker)."""

    @staticmethod
    def _local(path: str):
        if path.startswith("file://"):
            return path[len("file://"):]
        return None if "://" in path else path

    @staticmethod
    def _remote(path: str):
        import fsspec  # only needed for object stores

        url = "s3://" + path[len("s3a://"):] if path.startswith("s3a://") else path
        return fsspec.core.url_to_fs(url)

    def exists(self, path: str) -> bool:
        local = self._local(path)
        if local is not None:
            return os.path.exists(local)
        fs, p = self._remote(path)
        return fs.exists(p)

    def read(self, path: str) -> str:
        local = self._local(path)
        if local is not None:
            with open(local, encoding="utf-8") as f:
                return f.read()
        fs, p = self._remote(path)
        with fs.open(p, "r", encoding="utf-8") as f:
            return f.read()


def filesystem(fs_command: str = ""):
    """``fs_command`` (e.g. ``hdfs dfs``) when given, else local files and fsspec."""
    return HadoopShell(shlex.split(fs_command)) if fs_command and fs_command.strip() else PythonFs()


def complete(directory: str, fs_command: str = "", marker: str = COMPLETE_MARKER) -> bool:
    """Whether ``directory`` holds its completion marker (the sensors' check)."""
    return filesystem(fs_command).exists(join(directory, marker))


def decision(registry: str, date: str, fs_command: str = "") -> str:
    """``published`` or ``rejected``: the gate's decision for ``date``, as the nightly run recorded it.

    Raises IncompleteError when the version directory is not complete (the run failed or has not
    finished), ValueError when result.json is not a decision for ``date``.
    """
    fs = filesystem(fs_command)
    vdir = version_dir(registry, date)
    if not fs.exists(join(vdir, COMPLETE_MARKER)):
        raise IncompleteError(f"{vdir} is not complete (no {COMPLETE_MARKER}): the nightly run for {date} did not "
                              "finish; see the Spark application's log")
    text = fs.read(join(vdir, RESULT))
    try:
        result = json.loads(text)
    except ValueError as e:
        raise ValueError(f"{join(vdir, RESULT)} is not JSON: {e}") from e
    if not isinstance(result, dict) or not isinstance(result.get("published"), bool):
        raise ValueError(f"{join(vdir, RESULT)} has no boolean 'published': {text[:200]!r}")
    if result.get("date") not in (None, date):
        raise ValueError(f"{join(vdir, RESULT)} records date {result.get('date')!r}, not {date}")
    return PUBLISHED if result["published"] else REJECTED


def check_image(image: str) -> str:
    """Returns ``image`` if its reference cannot move (digest, or version-commit tag); raises ValueError."""
    if not IMMUTABLE_IMAGE.match(image or ""):
        raise ValueError(f"image {image!r} is not immutable: use a digest or a <version>-<commit> tag "
                         "(deploy/docker/build.sh prints it), never 'latest', 'cpu' or a branch")
    return image


def size_mib(name: str, value, least: int = 1) -> int:
    """``value`` (a memory size as Spark reads it, e.g. ``12g``, ``12288m``, ``12288``) in whole MiB; raises
    ValueError naming ``name`` for anything else, for less than ``least`` MiB and for more than 1p."""
    m = SIZE.fullmatch(value.strip(" \t\n\v\f\r").lower()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"Cannot use {name}={value!r}: not a memory size: digits and an optional unit b, k, m, g, t "
                         "or p (e.g. 12g, 12288m, 12288 = MiB; no fractions, no sign)")
    digits, unit = m.groups()
    if unit not in UNIT_BYTES:
        raise ValueError(f"Cannot use {name}={value!r}: unknown unit {unit!r}: b, k, m, g, t or p (kb ... pb too)")
    mib = int(digits) * UNIT_BYTES[unit] // UNIT_BYTES["m"]
    if mib > MAX_MIB:
        raise ValueError(f"Cannot use {name}={value!r}: more than 1p")
    if mib < least:
        raise ValueError(f"Cannot use {name}={value!r}: " + ("less than 1m in whole MiB (Spark rounds down)" if least == 1
                         else f"less than {mib_size(least)}, the least heap Spark starts with"))
    return mib


def mib_size(mib: int) -> str:
    """The size written the one way Spark, the JVM (-Xmx) and JavaCPP all read: ``<n>g`` for whole GiB, else ``<n>m``."""
    return f"{mib // 1024}g" if mib % 1024 == 0 else f"{mib}m"


def memory_sizes(executor_memory, executor_overhead, driver_memory) -> dict:
    """The DAGs' memory settings, checked and derived as the submit scripts do: the three sizes rewritten by
    ``mib_size`` and ``max_physical_bytes``, JavaCPP's limit = executor memory + overhead (it counts the whole
    process, as the container limit does). Raises ValueError naming the setting for a size Spark does not take."""
    memory = size_mib("EXECUTOR_MEMORY", executor_memory, MIN_HEAP_MIB)
    overhead = size_mib("EXECUTOR_OVERHEAD", executor_overhead)
    driver = size_mib("DRIVER_MEMORY", driver_memory, MIN_HEAP_MIB)
    return {"executor_memory": mib_size(memory), "executor_overhead": mib_size(overhead),
            "driver_memory": mib_size(driver), "max_physical_bytes": mib_size(memory + overhead)}


def alert(context):
    """Failure callback: logs the failed task and mails ``sparkctr_alert_email`` (read now, at run time)."""
    ti = context["task_instance"]
    subject = f"sparkctr nightly failed: {ti.dag_id}.{ti.task_id} for {context['ds']} (try {ti.try_number})"
    print(subject)
    try:
        try:
            from airflow.sdk import Variable
        except ImportError:
            from airflow.models import Variable
        from airflow.utils.email import send_email

        try:
            to = Variable.get("sparkctr_alert_email")
        except Exception:  # not set (KeyError in Airflow 2, an error of its own in Airflow 3)
            to = None
        if to:
            send_email(to=to, subject=subject, html_content=f"See the task's log: {getattr(ti, 'log_url', '')}")
    except Exception as e:  # an alert must never mask the failure
        print(f"sparkctr alert e-mail not sent: {e}")


def _main(argv: list[str]) -> int:
    args = list(argv)
    fs_command = ""
    if "--fs-command" in args:
        i = args.index("--fs-command")
        fs_command = args[i + 1]
        del args[i:i + 2]
    try:
        if args[:1] == ["decision"] and len(args) == 3:
            print(decision(args[1], args[2], fs_command))
            return 0
        if args[:1] == ["exists"] and len(args) == 2:
            return 0 if filesystem(fs_command).exists(args[1]) else 1
        if args[:1] == ["check-image"] and len(args) == 2:
            print(check_image(args[1]))
            return 0
        if args[:1] == ["sizes"] and len(args) == 4:
            print(json.dumps(memory_sizes(*args[1:]), sort_keys=True))
            return 0
    except (IncompleteError, ValueError, OSError) as e:
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 2
    print("usage:\n" + __doc__.split("\n\n")[2], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
