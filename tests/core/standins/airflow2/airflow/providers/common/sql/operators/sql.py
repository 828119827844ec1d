"""Test double: common.sql provider."""
from airflow.models_baseoperator import BaseOperator


class SQLExecuteQueryOperator(BaseOperator):
    pass
