"""Joining renewals with accounts."""

import json

from pipelines.customer_renewals import task_output, work_dir


def join_renewals(ds="1970-01-01", **_context):
    """Adds each renewal's account name and owner; renewals without an account keep empty ones."""
    folder = work_dir(ds)
    renewals = task_output("extract_customer_renewals", default=[])
    accounts_file = folder / "accounts_clean.json"
    accounts = json.loads(accounts_file.read_text(encoding="utf-8")) if accounts_file.exists() else []
    by_id = {a["account_id"]: a for a in accounts}
    joined = []
    for renewal in renewals:
        account = by_id.get(str(renewal.get("account_id")), {})
        joined.append({**renewal, "name": account.get("name", ""), "owner": account.get("owner", "")})
    (folder / "joined.json").write_text(json.dumps(joined), encoding="utf-8")
    print(f"joined {len(joined)} renewals")
    return len(joined)
