"""Test double for Airflow's DAG: a context manager that records its arguments."""
import standin_record

_CURRENT = []


class DAG:
    def __init__(self, dag_id, schedule=None, start_date=None, catchup=None, **kwargs):
        if "schedule_interval" in kwargs:
            raise TypeError("schedule_interval was removed in Airflow 3")
        if start_date is None or start_date.tzinfo is None:
            raise ValueError("start_date must be timezone-aware")
        standin_record.META.update({"dag_id": dag_id, "schedule": schedule, "catchup": catchup,
                                    "tags": kwargs.get("tags"), "params": kwargs.get("params")})

    def __enter__(self):
        _CURRENT.append(self)
        return self

    def __exit__(self, *exc):
        _CURRENT.pop()
        return False
