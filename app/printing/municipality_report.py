"""A municipality's yearly Kaikukortti report as an A4 PDF: the key figures next to the year before
and the whole country, uses by category, usage rate and the months, with bar charts. Drawn in the
language of the current locale (the caller forces the municipality's language); the figures come
from app.stats.municipality_report.gather and are only formatted here."""
import io
from datetime import date
from xml.sax.saxutils import escape

from babel import numbers
from flask_babel import format_date, get_locale, gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core import labels
from app.printing.fee_basis import number

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=6)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=12, leading=15,
                         spaceBefore=8, spaceAfter=4)
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f0f0")]),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
])
# Dark enough on white to read in print and in greyscale; the legend names each series in words.
SERIES = [colors.HexColor("#1f4e79"), colors.HexColor("#9dc3e6"), colors.HexColor("#7f6000"),
          colors.HexColor("#ffd966")]
CHART_W, CHART_H = 170 * mm, 62 * mm


def count(value) -> str:
    return "–" if value is None else number(value)


def share(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    text = numbers.format_percent(round(ratio, 3), locale=get_locale(), decimal_quantization=False)
    return text.replace("\u202f", "\u00a0")


def decimal(value: float | None) -> str:
    return "–" if value is None else number(round(value, 1), "#,##0.0")


def change(now, before) -> str:
    if now is None or before is None or not before:
        return "–"
    text = share((now - before) / before)
    return "+" + text if now > before else text


def admitted(cell: dict) -> int:
    return cell["adults"] + cell["children"]


def key_table(data: dict) -> Table:
    here, country = data["municipality"], data["national"]
    year, before = data["year"], data["previous_year"]
    header = [_("Figure"), f"{data['name']} {year}", f"{data['name']} {before}", _("Change"),
              f"{_('Whole country')} {year}", f"{_('Whole country')} {before}"]
    rows = []
    for key, label, fmt in (
            ("cards_registered", _("Cards registered"), count),
            ("cards_taken_into_use", _("Cards taken into use"), count),
            ("usage_rate", _("Usage rate"), share),
            ("uses", _("Uses"), count),
            ("uses_adults", _("Adults admitted"), count),
            ("uses_children", _("Children admitted"), count),
            ("children_share", _("Children's share"), share),
            ("uses_per_card", _("Uses per card used"), decimal)):
        now, then = here["this"][key], here["previous"][key]
        rows.append([Paragraph(escape(label), BODY), fmt(now), fmt(then),
                     change(now, then) if fmt is count else "–", fmt(country["this"][key]),
                     fmt(country["previous"][key])])
    table = Table([[Paragraph(f"<b>{escape(h)}</b>", SMALL) for h in header], *rows], repeatRows=1,
                  colWidths=[46 * mm, 26 * mm, 26 * mm, 20 * mm, 26 * mm, 26 * mm])
    table.setStyle(GRID)
    return table


def category_table(data: dict) -> Table:
    this, before = data["municipality"]["this"]["uses_by_category"], data["municipality"]["previous"]["uses_by_category"]
    country = data["national"]["this"]["uses_by_category"]
    year, earlier = data["year"], data["previous_year"]
    header = [_("Category"), f"{_('Adults')} {year}", f"{_('Children')} {year}", f"{_('Adults')} {earlier}",
              f"{_('Children')} {earlier}", f"{_('Whole country')} {year}"]
    rows = [[Paragraph(escape(str(labels.CATEGORY[name])), BODY), count(this[name]["adults"]),
             count(this[name]["children"]), count(before[name]["adults"]), count(before[name]["children"]),
             count(admitted(country[name]))] for name in labels.CATEGORY]
    table = Table([[Paragraph(f"<b>{escape(h)}</b>", SMALL) for h in header], *rows], repeatRows=1,
                  colWidths=[46 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm, 24 * mm])
    table.setStyle(GRID)
    return table


def bar_chart(groups: list[str], series: list[tuple[str, list[float]]], *, percent: bool = False) -> Drawing:
    """Grouped vertical bars: one group per label, one bar per series, named in a legend below."""
    drawing = Drawing(CHART_W, CHART_H)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 18 * mm, CHART_W - 20 * mm, CHART_H - 22 * mm
    chart.data = [values for _label, values in series] or [[0]]
    chart.categoryAxis.categoryNames = groups
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((v for _label, values in series for v in values), default=0)
    if not top:
        chart.valueAxis.valueMax = 1
    if not percent and top < 5:
        chart.valueAxis.valueStep = 1  # no fractions of a person on the axis
    chart.valueAxis.labelTextFormat = (lambda v: share(v)) if percent else (lambda v: number(v))
    chart.barSpacing, chart.groupSpacing = 1, 8
    for index in range(len(series)):
        chart.bars[index].fillColor = SERIES[index % len(SERIES)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.alignment = 14 * mm, 6 * mm, "right"
    legend.fontName, legend.fontSize, legend.columnMaximum, legend.dx, legend.dy = "Helvetica", 8, 1, 8, 8
    legend.colorNamePairs = [(SERIES[i % len(SERIES)], name) for i, (name, _values) in enumerate(series)]
    legend.deltax = 45 * mm
    drawing.add(legend)
    return drawing


def category_chart(data: dict) -> Drawing:
    this, before = data["municipality"]["this"]["uses_by_category"], data["municipality"]["previous"]["uses_by_category"]
    names = list(labels.CATEGORY)
    return bar_chart([str(labels.CATEGORY[n]) for n in names], [
        (f"{_('Adults')} {data['year']}", [this[n]["adults"] for n in names]),
        (f"{_('Children')} {data['year']}", [this[n]["children"] for n in names]),
        (f"{_('Adults')} {data['previous_year']}", [before[n]["adults"] for n in names]),
        (f"{_('Children')} {data['previous_year']}", [before[n]["children"] for n in names])])


def rate_chart(data: dict) -> Drawing:
    years = [str(data["previous_year"]), str(data["year"])]
    pick = [("previous", 0), ("this", 1)]
    return bar_chart(years, [
        (data["name"], [data["municipality"][which]["usage_rate"] or 0 for which, _i in pick]),
        (_("Whole country"), [data["national"][which]["usage_rate"] or 0 for which, _i in pick])], percent=True)


def month_chart(data: dict) -> Drawing:
    months = data["months"]
    names = [format_date(_first_day(key), "LLL") for key, _n in months["this"]]
    return bar_chart(names, [(str(data["year"]), [n for _key, n in months["this"]]),
                             (str(data["previous_year"]), [n for _key, n in months["previous"]])])


def _first_day(key: str) -> date:
    return date(int(key[:4]), int(key[5:7]), 1)


def chart_block(title: str, drawing: Drawing, caption: str) -> KeepTogether:
    return KeepTogether([Paragraph(escape(title), HEADING), drawing, Paragraph(escape(caption), SMALL)])


def render_municipality_report(data: dict) -> bytes:
    """The report as PDF bytes, in the current locale's language."""
    out = io.BytesIO()
    title = _("Kaikukortti in %(municipality)s %(year)s", municipality=data["name"], year=data["year"])
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author="Kaikukanta", lang=data["language"])
    here = data["municipality"]["this"]
    story = [
        Paragraph(escape(title), TITLE),
        Paragraph(escape(_("The municipality's yearly report: cards issued to its residents, people admitted at "
                           "its venues, and the usage rate, compared with the year before and the whole "
                           "country.")), BODY),
        Paragraph(escape(_("%(registered)s cards were registered to residents in %(year)s; %(rate)s of them have "
                           "been used. Its venues admitted %(people)s people.", registered=count(
                               here["cards_registered"]), year=data["year"], rate=share(here["usage_rate"]),
                           people=count(here["uses_adults"] + here["uses_children"]))), BODY),
        Paragraph(escape(_("Key figures")), HEADING), key_table(data),
        Spacer(1, 3 * mm),
        Paragraph(escape(_("People admitted at the municipality's venues by category")), HEADING),
        category_table(data),
        chart_block(_("People admitted by category"), category_chart(data),
                    _("The same figures as in the table above.")),
        chart_block(_("Usage rate"), rate_chart(data),
                    _("The share of the cards registered in the year that have been used at least once.")),
        chart_block(_("People admitted by month"), month_chart(data),
                    _("People admitted at the municipality's venues each month.")),
        Paragraph(escape(_("Cards registered: cards whose holder's home municipality is this one. Uses: uses at "
                           "venues in the municipality, each counting the adults and children admitted; undone "
                           "uses are left out.")), SMALL),
    ]
    doc.build(story)
    return out.getvalue()
