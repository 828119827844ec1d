"""Test double: records what generated pipeline code builds, printed as JSON at exit."""
import atexit
import json

TASKS = {}
EDGES = []
META = {}


def _dump():
    print(json.dumps({"tasks": TASKS, "edges": sorted(EDGES), "meta": META}, sort_keys=True, default=str))


atexit.register(_dump)
