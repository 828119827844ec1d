"""Test double (Airflow 2 layout)."""
from airflow.models_baseoperator import BaseOperator


class BashOperator(BaseOperator):
    pass
