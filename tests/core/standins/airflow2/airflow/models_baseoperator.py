"""Test double: the operator base the stand-in operators share."""
import standin_record


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        if task_id in standin_record.TASKS:
            raise ValueError("duplicate task_id " + task_id)
        self.task_id = task_id
        standin_record.TASKS[task_id] = {"operator": type(self).__name__,
                                         "args": {k: v for k, v in kwargs.items() if k != "python_callable"}}
        if "python_callable" in kwargs:
            call = kwargs["python_callable"]
            standin_record.TASKS[task_id]["callable"] = [call.args[0], call.args[1]]

    def __rshift__(self, other):
        standin_record.EDGES.append([self.task_id, other.task_id])
        return other
