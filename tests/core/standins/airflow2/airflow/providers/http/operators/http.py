"""Test double: http provider."""
from airflow.models_baseoperator import BaseOperator


class HttpOperator(BaseOperator):
    pass
