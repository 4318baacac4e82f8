"""The database fee split (app.stats.fees): halves, population shares, agreements, exact cents.

Expected figures are worked out here from the populations the tests set, not through the module."""
import csv
import io
from decimal import Decimal

import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, DatabaseFee, DatabaseFeeOverride, Municipality
from app.stats.fees import Agreement, apportion, split_fee
from tests import factories

pytestmark = pytest.mark.db

TUUSULA, JARVENPAA, HYVINKAA, OULU, KERAVA, HELSINKI = "858", "186", "106", "564", "245", "091"


def populations(**by_code: int) -> None:
    for code, people in by_code.items():
        db.session.get(Municipality, code.lstrip("m")).population = people
    db.session.flush()


def rows_by(split, party: str) -> dict[str, Decimal]:
    return {row.code: row.euros for row in split.rows if row.party == party}


def test_the_published_example_tuusula_424_and_keusote_1371(app):
    """Published: Tuusula (~40,000 residents) pays about 424 € and Keusote (three towns in
    Kaikukortti, ~130,500 residents) about 1,371 €. Both come from one rate per resident per side:
    1,371 € / 130,500 = 0.010506 €/resident, and 424 € / 0.010506 = 40,360 residents for Tuusula
    ("~40,000"; 424/40,000 = 0.0106 is the same rate rounded). The wellbeing county pays for the
    residents of its participating towns only, so both halves spread over the same residents.

    World: Keski-Uusimaa (Tuusula 40,360 + Järvenpää 44,500 + Hyvinkää 45,640 = 130,500, county 02
    Keusote) and Oulu (207,000) take part; 337,500 residents in all. A total of
    2 × 337,500 × 1,371/130,500 = 7,091.38 € gives the published rate on each side:
    each half is 3,545.69 €, so Tuusula pays 40,360 × 3,545.69 / 337,500 = 424.01 € and Keusote
    130,500 × 3,545.69 / 337,500 = 1,371.00 € (1,370.9998, rounded to the cent).
    """
    factories.area()  # Tuusula, Järvenpää, Hyvinkää
    factories.area("Oulu", (OULU,))
    populations(m858=40_360, m186=44_500, m106=45_640, m564=207_000)
    rate = Decimal(1371) / Decimal(130_500)
    total = (2 * 337_500 * rate).quantize(Decimal("0.01"))
    assert total == Decimal("7091.38")

    split = split_fee(2019, total)

    tuusula = rows_by(split, "municipality")[TUUSULA]
    keusote = rows_by(split, "county")["02"]
    assert abs(tuusula - 424) <= 1 and abs(keusote - 1371) <= 1
    assert (tuusula, keusote) == (Decimal("424.01"), Decimal("1371.00"))
    keusote_row = next(row for row in split.rows if row.party == "county" and row.code == "02")
    assert keusote_row.population == 130_500 and keusote_row.name == "Keski-Uudenmaan hyvinvointialue"


def test_halves_sum_to_the_cent_and_each_share_is_within_a_cent_of_its_exact_share(app):
    factories.area()
    factories.area("Oulu", (OULU,))
    populations(m858=1, m186=1, m106=1, m564=3)  # thirds and sixths never come out even
    split = split_fee(2025, Decimal("1000.01"))
    # The odd cent goes to the municipalities: 500.01 and 500.00.
    assert split.side_total("municipality") == Decimal("500.01")
    assert split.side_total("county") == Decimal("500.00")
    assert split.side_total("municipality") + split.side_total("county") == split.total == Decimal("1000.01")
    for row in split.rows:
        half = Decimal("500.01") if row.party == "municipality" else Decimal("500.00")
        exact = half * row.population / 6
        assert abs(row.euros - exact) < Decimal("0.01"), row
    assert rows_by(split, "county") == {"02": Decimal("250.00"), "19": Decimal("250.00")}


def test_largest_remainder_gives_the_left_over_cents_to_the_largest_remainders():
    assert apportion(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert apportion(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}  # 3.33 and 6.67: b has the larger remainder
    assert apportion(0, {}) == {}
    assert sum(apportion(123_457, {n: n * n for n in range(1, 40)}).values()) == 123_457


def test_only_participating_municipalities_and_their_counties_pay(app):
    factories.area()  # county 02
    sleeping = factories.area("Kerava", (KERAVA,))  # county 04, area not active
    sleeping.active = False
    populations(m858=100, m186=100, m106=200, m245=1000, m091=5000)  # Helsinki has no area
    split = split_fee(2025, Decimal("800"))
    assert rows_by(split, "municipality") == {HYVINKAA: Decimal("200.00"), JARVENPAA: Decimal("100.00"),
                                              TUUSULA: Decimal("100.00")}
    assert rows_by(split, "county") == {"02": Decimal("400.00")}
    assert [row.party for row in split.rows] == ["municipality"] * 3 + ["county"]


def test_a_county_pays_for_its_participating_residents_in_every_area(app):
    factories.area("Tuusula", (TUUSULA,))
    factories.area("Järvenpää", (JARVENPAA,))
    factories.area("Oulu", (OULU,))
    populations(m858=300, m186=100, m106=5000, m564=600)  # Hyvinkää (02) takes no part
    split = split_fee(2025, Decimal("2000"))
    counties = {row.code: row for row in split.rows if row.party == "county"}
    assert counties["02"].population == 400 and counties["02"].euros == Decimal("400.00")
    assert counties["19"].population == 600 and counties["19"].euros == Decimal("600.00")


def test_an_area_with_its_own_agreement_is_taken_out_first(app):
    keski = factories.area()
    factories.area("Oulu", (OULU,))
    factories.area("Kerava", (KERAVA,))
    populations(m858=100, m186=100, m106=200, m564=300, m245=700)
    agreed = {keski.id: Agreement(municipalities_cents=10_000, county_cents=None)}
    split = split_fee(2025, Decimal("2000"), agreed)
    municipalities = rows_by(split, "municipality")
    # Keski-Uusimaa's municipalities share their agreed 100 € by population: 25 + 25 + 50.
    assert municipalities[TUUSULA] == Decimal("25.00") and municipalities[HYVINKAA] == Decimal("50.00")
    # The other 900 € of the 1,000 € half go by population to Oulu (300) and Kerava (700).
    assert municipalities[OULU] == Decimal("270.00") and municipalities[KERAVA] == Decimal("630.00")
    # The county side had no agreement: 1,000 € over 1,400 residents.
    counties = rows_by(split, "county")
    assert counties == {"02": Decimal("285.71"), "04": Decimal("500.00"), "19": Decimal("214.29")}
    assert split.side_total("municipality") == split.side_total("county") == Decimal("1000.00")
    assert split.agreed_areas == [keski.id]


def test_an_agreed_county_share_goes_to_the_county_and_the_rest_is_shared(app):
    keski = factories.area()
    factories.area("Oulu", (OULU,))
    populations(m858=100, m186=100, m106=200, m564=400)
    split = split_fee(2025, Decimal("1000"), {keski.id: Agreement(county_cents=12_345)})
    assert rows_by(split, "county") == {"02": Decimal("123.45"), "19": Decimal("376.55")}
    assert rows_by(split, "municipality")[OULU] == Decimal("250.00")


def test_agreements_larger_than_the_half_are_refused_and_inactive_areas_agreements_ignored(app):
    keski = factories.area()
    sleeping = factories.area("Kerava", (KERAVA,))
    sleeping.active = False
    populations(m858=100, m186=100, m106=200)
    with pytest.raises(DomainError) as refused:
        split_fee(2025, Decimal("100"), {keski.id: Agreement(municipalities_cents=5_001)})
    assert refused.value.code == "agreements_too_large"
    split = split_fee(2025, Decimal("100"), {sleeping.id: Agreement(municipalities_cents=5_000)})
    assert split.agreed_areas == [] and split.side_total("municipality") == Decimal("50.00")


def test_money_left_with_nobody_to_pay_it_is_refused(app):
    keski = factories.area()
    populations(m858=100, m186=100, m106=200)
    with pytest.raises(DomainError) as refused:
        split_fee(2025, Decimal("100"), {keski.id: Agreement(municipalities_cents=1_000)})
    assert refused.value.code == "nobody_to_pay"
    assert split_fee(2025, Decimal("100"), {keski.id: Agreement(5_000, 5_000)}).side_total("county") == 50
    nothing = split_fee(2025, Decimal("0"))
    assert nothing.total == 0 and len(nothing.rows) == 4 and {row.euros for row in nothing.rows} == {0}


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result, (result.output.strip().splitlines() or [""])[-1]


def test_the_command_writes_the_invoice_basis_for_finnish_excel_or_plain(app, tmp_path):
    keski = factories.area()
    factories.area("Oulu", (OULU,))
    populations(m858=100, m186=100, m106=200, m564=600)
    db.session.add_all([DatabaseFee(year=2025, total_cents=99_999_99),
                        DatabaseFeeOverride(year=2025, area_id=keski.id, county_cents=50_000)])
    db.session.commit()
    out = tmp_path / "basis.csv"
    result, last = run(app, "fees", "split", "--year", "2025", "--total", "2000,01", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert last == "6" and "matches the total" in result.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == ["party", "code", "name", "population", "euros"]
    by_code = {(row["party"], row["code"]): row for row in rows}
    # 1,000.01 € to municipalities by population (100 + 100 + 200 + 600), the odd cent by remainder.
    assert by_code[("municipality", TUUSULA)]["euros"] == "100,00"
    assert by_code[("municipality", OULU)]["euros"] == "600,01"
    assert by_code[("municipality", OULU)]["name"] == "Oulu" and by_code[("municipality", OULU)]["population"] == "600"
    # The county side: Keusote's stored agreement of 500 € first, the other 500 € to Oulu's county.
    assert by_code[("county", "02")]["euros"] == "500,00" and by_code[("county", "19")]["euros"] == "500,00"

    result, last = run(app, "fees", "split", "--year", "2025", "--total", "2000.01", "--out", str(out), "--plain")
    plain = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert last == "6" and sum(Decimal(row["euros"]) for row in plain) == Decimal("2000.01")


def test_the_command_refuses_bad_input_with_a_message(app, tmp_path):
    factories.area()
    out = str(tmp_path / "x.csv")
    result, _last = run(app, "fees", "split", "--year", "2025", "--total", "lots", "--out", out)
    assert result.exit_code != 0 and "give euros" in result.output
    for bad in ("-5", "1e999999999", "12.345", "Infinity"):
        result, _last = run(app, "fees", "split", "--year", "2025", "--total", bad, "--out", out)
        assert result.exit_code == 2 and "give euros" in result.output, bad
    keski = db.session.query(Area).one()
    db.session.add_all([DatabaseFee(year=2025, total_cents=100),
                        DatabaseFeeOverride(year=2025, area_id=keski.id, municipalities_cents=80_000)])
    db.session.commit()
    result, _last = run(app, "fees", "split", "--year", "2025", "--total", "1000", "--out", out)
    assert result.exit_code == 1 and "enemmän kuin puolikas" in result.output
