"""What a dashboard shows: key figures and chart panels, each panel a chart with the same numbers
as a table. Every number comes from app.stats; this module only arranges and formats it."""
from collections.abc import Sequence
from dataclasses import dataclass, field

from babel import numbers
from flask_babel import format_date, get_locale, gettext as _
from markupsafe import Markup

from app.core import labels
from app.stats import charts
from app.stats.charts import Value, shown
from app.stats.period import Period

LONG_LIST = 20  # rows a long breakdown (venues, sites) shows on the page


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: str


@dataclass
class Panel:
    """`rows` are (label, value, value...) in `headers` order, `cells` the same written out for the
    table; `chart` draws one of the value columns (see `finish`)."""

    key: str
    title: str
    headers: list[str]
    rows: list[tuple]
    chart: Markup | None = None
    summary: str = ""
    note: str = ""
    cells: list[list[str]] = field(default_factory=list)


def percent(ratio: float | None, signed: bool = False) -> str:
    """A share with at most one decimal, as the page's language writes it ("12,5 %", "12.5%")."""
    if ratio is None:
        return "–"
    text = numbers.format_percent(round(ratio, 3), locale=get_locale(), decimal_quantization=False)
    return "+" + text if signed and ratio > 0 else text


def decimal(ratio: float | None) -> str:
    return "–" if ratio is None else shown(round(ratio, 1))


def figure(key: str, label: str, value: Value) -> KeyFigure:
    return KeyFigure(key, label, value if isinstance(value, str) else shown(value))


def finish(panel: Panel, *, kind: str = "bars", axis_labels: Sequence[str] | None = None,
           summary: str | None = None) -> Panel:
    """Draw the first value column as a chart, summarised (by default from the rows shown), and
    write out the table's cells."""
    rows = [(row[0], row[1]) for row in panel.rows]
    draw = charts.column_chart if kind == "columns" else charts.bar_chart
    extra = {"axis_labels": axis_labels} if kind == "columns" else {}
    panel.summary = summary or charts.describe(rows)
    if rows:
        panel.chart = draw(rows, title=panel.title, chart_id=f"chart-{panel.key}", summary=panel.summary, **extra)
    panel.cells = [[str(row[0]), *(shown(value) for value in row[1:])] for row in panel.rows]
    return panel


def by_month(rows) -> Panel:
    """uses_by_month rows, as columns; a period of more than a year labels every few months."""
    step = max(1, -(-len(rows) // 12))
    axis = [str(int(row.key[5:7])) if index % step == 0 else "" for index, row in enumerate(rows)]
    panel = Panel("months", _("People admitted by month"), [_("Month"), _("People admitted")],
                  [(row.label, row.count) for row in rows])
    return finish(panel, kind="columns", axis_labels=axis)


def by_category(table: dict) -> Panel:
    """The national table's split by category: adults, children and both."""
    split = table["uses_by_category"]
    rows = [(str(labels.CATEGORY[name]), split[name]["adults"] + split[name]["children"], split[name]["adults"],
             split[name]["children"]) for name in labels.CATEGORY]
    panel = Panel("categories", _("People admitted by category"),
                  [_("Category"), _("People admitted"), _("Adults"), _("Children")], rows)
    return finish(panel)


def breakdown(key: str, title: str, header: str, rows, *, limit: int | None = None, ordered: bool = False) -> Panel:
    """A breakdown's rows (key, label, count), largest first unless already `ordered` (age groups),
    the longest lists cut to `limit`."""
    rows = list(rows)
    if not ordered:
        rows = sorted(rows, key=lambda row: -row[2] if isinstance(row[2], int) else 0)
    note, summary = "", charts.describe([(row[1], row[2]) for row in rows])
    if limit and len(rows) > limit:
        note = _("The %(num)d largest of %(total)d.", num=limit, total=len(rows))
        rows = rows[:limit]
    panel = Panel(key, title, [header, _("People admitted")], [(row[1], row[2]) for row in rows], note=note)
    return finish(panel, summary=summary)


def table_only(key: str, title: str, headers: list[str], rows: list[tuple], summary: str) -> Panel:
    """Figures of different kinds that a chart would wrongly put on one scale."""
    panel = Panel(key, title, headers, rows, summary=summary)
    panel.cells = [[str(row[0]), *(shown(value) for value in row[1:])] for row in rows]
    return panel


def period_text(period: Period) -> str:
    if period.is_calendar_year:
        return str(period.start.year)
    return format_date(period.start, "d.M.yyyy") + "–" + format_date(period.end, "d.M.yyyy")
