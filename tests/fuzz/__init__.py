"""Fuzzing of the whole HTTP API with schemathesis: ``make fuzz`` (see ``run.py``)."""
