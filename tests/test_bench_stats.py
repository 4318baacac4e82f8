"""`make bench-stats`: the dataset generator builds a small national dataset by bulk SQL into an
empty database (PostgreSQL), and the benchmark's timing gives numbers."""
import psycopg
import pytest

from app.cards import ids
from tests.conftest import PG_URL

pytestmark = [pytest.mark.postgres_only,
              pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL); CI always sets it")]


def empty_schema() -> None:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture
def bench_database():
    """The test database, emptied for the generator and emptied again for the other tests."""
    import tests.conftest as conftest

    empty_schema()
    yield PG_URL
    empty_schema()
    conftest._schema_ready = False


def test_a_tiny_dataset_has_the_shape_asked_for_and_the_benchmark_times_it(bench_database):
    from bench.bench_stats import run
    from bench.stats_dataset import build

    counts = build(bench_database, scale=0.001, quiet=True)

    assert counts["card"] == 1_000 and counts["card_use"] == 5_000
    assert counts["municipality"] == 308 and counts["area"] == 22
    assert counts["organisation"] >= 2 * 200  # a distributor and a venue in every participating municipality
    assert counts["card_event"] >= counts["card"]
    with psycopg.connect(bench_database) as conn:
        keys = [key for (key,) in conn.execute("SELECT lookup_key FROM card")]
        assert all(ids.parse_scan(key).key == key for key in keys)  # real check characters
        # Every use falls inside its card's validity, at a venue, by the card's children limit.
        assert conn.execute("""SELECT count(*) FROM card_use u JOIN card c ON c.id = u.card_id
                               JOIN organisation o ON o.id = u.venue_id
                               WHERE o.kind <> 'venue' OR u.children > c.children
                                  OR u.scanned_at::date < c.issued_on - 1
                                  OR u.scanned_at::date > c.valid_until""").fetchone()[0] == 0
        busiest = conn.execute("""SELECT m.population FROM card_use u JOIN organisation o ON o.id = u.venue_id
                                  JOIN municipality m ON m.code = o.municipality_code
                                  GROUP BY m.code, m.population ORDER BY count(*) DESC LIMIT 1""").fetchone()[0]
        assert busiest > 100_000  # big towns get most uses

    # The benchmark on the same data: numbers for every dashboard, and a new use counts at once.
    results = run(bench_database, runs=2)
    floor_p50, floor_p95 = results["floor"]
    assert 0 < floor_p50 <= floor_p95
    assert set(results["dashboards"]) == {"national", "area", "venue", "site"}
    for found in results["dashboards"].values():
        p50, p95 = found["p50_p95"]
        assert 0 < p50 <= p95 and all(ms > 0 for ms in found["each"].values())
    before, after = results["live"]
    assert after == before + 1


def test_percentiles_are_nearest_rank():
    from bench.bench_stats import percentiles, time_ms

    samples = sorted(time_ms(lambda: sum(range(100)), runs=20))
    assert percentiles(samples) == ((samples[9] + samples[10]) / 2, samples[18])


def test_the_generator_refuses_a_database_with_other_data(bench_database):
    from bench.stats_dataset import build

    with psycopg.connect(bench_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE precious (id int)")
    with pytest.raises(SystemExit, match="Refusing"):
        build(bench_database, scale=0.001, quiet=True)
    with psycopg.connect(bench_database) as conn:
        assert conn.execute("SELECT to_regclass('precious')").fetchone()[0] == "precious"
