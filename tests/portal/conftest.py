from tests.records.personas import people  # noqa: F401
