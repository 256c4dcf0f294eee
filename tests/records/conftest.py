# The named staff personas (tests/records/personas.py) for every test under tests/records.
from tests.records.personas import people  # noqa: F401
