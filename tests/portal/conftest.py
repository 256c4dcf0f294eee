import pytest

from tests.pgcluster import primary_and_standby
from tests.pgsite import build_site


@pytest.fixture(scope="session")
def portal_cluster():
    """A PostgreSQL primary and its streaming standby of our own, with the portal's tables in a
    database "credit" on both (tests/pgcluster.py, tests/pgsite.py); shared by the replica and
    the pool tests. Yields (cluster, what build_site returned)."""
    with primary_and_standby() as cluster:
        cluster.sql(cluster.primary, "CREATE DATABASE credit")
        data = build_site(cluster.primary.url("credit"))
        cluster.wait_replayed("credit")
        yield cluster, data
