#!/usr/bin/env bash
# Refreshes the renewals dashboard for one day: scripts/refresh_dashboard.sh --date YYYY-MM-DD
set -euo pipefail

date=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --date) date="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [[ -z "$date" ]]; then
    echo "usage: $0 --date YYYY-MM-DD" >&2
    exit 2
fi
echo "refreshing the renewals dashboard for $date"
