"""Test double for pendulum: only what generated DAG files call."""
import datetime as _dt


def datetime(year, month, day, tz="UTC"):
    """A timezone-aware datetime, as pendulum.datetime gives (any tz name reads as UTC here)."""
    return _dt.datetime(year, month, day, tzinfo=_dt.timezone.utc)
