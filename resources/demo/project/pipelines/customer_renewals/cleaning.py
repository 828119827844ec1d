"""Cleaning of CRM accounts."""

import json

from pipelines.customer_renewals import task_output, work_dir


def clean_accounts(ds="1970-01-01", **_context):
    """Keeps accounts with an id, trims names and lowercases owner e-mails."""
    folder = work_dir(ds)
    accounts = task_output("extract_crm_accounts", default=[])
    if isinstance(accounts, dict):
        accounts = accounts.get("accounts", [])
    cleaned = []
    for account in accounts:
        if not account.get("account_id"):
            continue
        cleaned.append({
            "account_id": str(account["account_id"]).strip(),
            "name": str(account.get("name", "")).strip(),
            "owner": str(account.get("owner", "")).strip().lower(),
        })
    (folder / "accounts_clean.json").write_text(json.dumps(cleaned), encoding="utf-8")
    print(f"kept {len(cleaned)} of {len(accounts)} accounts")
    return len(cleaned)
