"""Quality checks of the joined renewals."""

import json

from pipelines.customer_renewals import work_dir

MAX_MISSING_OWNER_SHARE = 0.01


def validate(ds="1970-01-01", **_context):
    """Fails when more than 1% of rows have no account owner."""
    folder = work_dir(ds)
    joined_file = folder / "joined.json"
    rows = json.loads(joined_file.read_text(encoding="utf-8")) if joined_file.exists() else []
    missing = sum(1 for row in rows if not row.get("owner"))
    if rows and missing / len(rows) > MAX_MISSING_OWNER_SHARE:
        raise ValueError(f"{missing} of {len(rows)} renewals have no account owner")
    (folder / "validated.json").write_text(json.dumps(rows), encoding="utf-8")
    print(f"{len(rows)} renewals passed, {missing} without an owner")
    return len(rows)
