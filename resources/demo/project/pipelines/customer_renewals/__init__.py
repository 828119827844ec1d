"""Customer renewal load: the tasks' callables.

Each callable takes the task's context as keyword arguments (``ds``, ``params`` ...) and works
on the rows the previous task left in the run's working folder. In a Pipewright local run, the
SQL and HTTP tasks leave what they returned there too, as ``<task id>.json``.
"""

import csv
import json
import os
from pathlib import Path


def work_dir(ds):
    """The folder the tasks of one run share."""
    folder = Path(os.environ.get("PIPEWRIGHT_WORK_DIR", "work")) / ds
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def task_output(task_id, default=None):
    """What an SQL or HTTP task of this run returned (a local run keeps it as <task id>.json)."""
    path = Path(os.environ.get("PIPEWRIGHT_WORK_DIR", "work")) / f"{task_id}.json"
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def load(ds="1970-01-01", **_context):
    """Writes the validated renewals where the dashboard reads them."""
    folder = work_dir(ds)
    rows = json.loads((folder / "validated.json").read_text(encoding="utf-8"))
    with open(folder / "renewals.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=sorted(rows[0]) if rows else ["account_id"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"loaded {len(rows)} renewal candidates for {ds}")
    return len(rows)
