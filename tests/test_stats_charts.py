"""The SVG charts: well-formed XML, one bar per row, the numbers and names in it, names escaped,
an accessible name and description, and nothing the CSP would block."""
import xml.etree.ElementTree as ET

import pytest

from app.stats.charts import bar_chart, column_chart, describe

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def finnish(app):
    with app.test_request_context("/", headers={"Accept-Language": "fi"}):
        yield


@pytest.fixture
def english(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(SVG + "text")]


def test_bar_chart_has_one_bar_per_row_with_its_label_and_value(finnish):
    rows = [("Tuusula", 12), ("Kerava", 3), ("Järvenpää", 0)]
    root = parse(bar_chart(rows, title="Käytöt kunnittain", chart_id="by-municipality"))
    bars = root.findall(f".//{SVG}rect[@class='chart-bar']")
    assert len(bars) == 3
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[0] / widths[1] == pytest.approx(4, rel=0.01)
    shown = texts(root)
    for label, value in rows:
        assert label in shown and str(value) in shown


def test_chart_is_one_named_and_described_image(english):
    root = parse(bar_chart([("A", 1)], title="Otsikko", chart_id="c1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}title").text == "Otsikko"
    assert root.find(f"{SVG}desc").get("id") == "c1-desc"
    assert root.find(f"{SVG}desc").text == "Largest: A, 1. Total: 1."


def test_names_are_escaped(finnish):
    evil = '<script>alert("x")</script> & Sons'
    markup = str(bar_chart([(evil, 2)], title='Title "quoted" <b>', chart_id="c2"))
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert evil in texts(root)
    assert root.find(f"{SVG}title").text == 'Title "quoted" <b>'


def test_long_names_are_shortened_in_the_picture_only(finnish):
    name = "Keski-Uudenmaan hyvinvointialueen aikuissosiaalityön palvelupiste"
    shown = texts(parse(bar_chart([(name, 5)], title="t", chart_id="c3")))
    assert any(text.endswith("…") and name.startswith(text[:-1]) for text in shown)


def test_no_inline_styles(finnish):
    markup = str(bar_chart([("A", 1)], title="t", chart_id="c4")) + str(
        column_chart([("tammikuu", 1)], title="t", chart_id="c5"))
    assert "style" not in markup


def test_column_chart_has_a_column_per_month_and_the_scale(finnish):
    rows = [(f"kuukausi {n}", n * 10) for n in range(1, 13)]
    root = parse(column_chart(rows, title="Käytöt kuukausittain", chart_id="months",
                              axis_labels=[str(n) for n in range(1, 13)]))
    columns = root.findall(f".//{SVG}rect[@class='chart-bar']")
    assert len(columns) == 12
    heights = [float(column.get("height")) for column in columns]
    assert heights == sorted(heights) and heights[0] > 0
    shown = texts(root)
    assert "120" in shown and "0" in shown and "12" in shown
    assert [column.find(f"{SVG}title").text for column in columns][2] == "kuukausi 3: 30"


def test_suppressed_values_are_printed_without_a_bar(finnish):
    root = parse(bar_chart([("18–29", "<5"), ("30–64", 12)], title="t", chart_id="c6"))
    assert "<5" in texts(root)
    assert float(root.findall(f".//{SVG}rect")[0].get("width")) == 0


def test_empty_chart_is_still_valid_and_says_so(english):
    root = parse(bar_chart([], title="t", chart_id="c7"))
    assert root.find(f"{SVG}desc").text == "No figures for this period."


def test_summary_names_the_largest_row_and_the_total(english):
    assert describe([("Tuusula", 1200), ("Kerava", 34)]) == "Largest: Tuusula, 1,200. Total: 1,234."


def test_numbers_are_written_the_finnish_way(finnish):
    assert "1\xa0200" in texts(parse(bar_chart([("Tuusula", 1200)], title="t", chart_id="c8")))


def test_summary_leaves_out_the_total_when_a_small_count_is_hidden(english):
    assert describe([("30–64", 12), ("65+", "<5")]) == "Largest: 30–64, 12."
