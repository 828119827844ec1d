"""Pipelines of the demo project."""
