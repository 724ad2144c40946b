"""Prefect flows: thin orchestration over the zhengchai library."""
