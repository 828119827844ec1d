"""Test double for Dagster: records ops, their Nothing inputs and the job's wiring."""
import standin_record


class Nothing:
    pass


class In:
    def __init__(self, dagster_type=None):
        self.dagster_type = dagster_type


class RetryPolicy:
    def __init__(self, max_retries=1, delay=None):
        self.max_retries = max_retries
        self.delay = delay


class _Result:
    def __init__(self, name):
        self.name = name


def op(name, ins=None, retry_policy=None, description=None):
    def wrap(fn):
        standin_record.TASKS[name] = {"operator": "op", "args": {
            "ins": sorted((ins or {}).keys()),
            "retries": retry_policy.max_retries if retry_policy else None}}

        def invoke(**inputs):
            expected = set((ins or {}).keys())
            if set(inputs) != expected:
                raise TypeError(name + " called with " + str(sorted(inputs)) + ", expects " + str(sorted(expected)))
            for key, value in inputs.items():
                standin_record.EDGES.append([value.name, name])
            return _Result(name)
        invoke.fn = fn
        return invoke
    return wrap


def job(name, tags=None):
    def wrap(fn):
        standin_record.META.update({"dag_id": name, "tags": tags})
        fn()
        return fn
    return wrap


class ScheduleDefinition:
    def __init__(self, job, cron_schedule, execution_timezone=None):
        standin_record.META.update({"schedule": cron_schedule, "timezone": execution_timezone})


class Definitions:
    def __init__(self, jobs=None, schedules=None):
        self.jobs = jobs
