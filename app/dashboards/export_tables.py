"""A dashboard's tables as downloads: the same cells the page shows (after the small-count rule, so
"<5" stays "<5"), written by app.stats.exports as CSV for Finnish Excel, plain CSV or XLSX.

Counts are numbers in every format. A share or a decimal is shown text on the page ("12,5 %");
the Finnish-Excel CSV keeps that text, plain CSV writes the number (0.125) and XLSX the number in a
percent or decimal format, so a spreadsheet can compute with it."""
from dataclasses import dataclass, field

from babel import numbers
from flask_babel import get_locale, gettext as _

from app.dashboards.panels import KeyFigure, Panel
from app.stats import exports

FORMATS = ("csv", "csv-plain", "xlsx")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


@dataclass(frozen=True)
class Shown:
    """A number the page writes as `text`; `number_format` tells XLSX how to show it."""

    value: float
    text: str
    number_format: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Sheet:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def reading(value):
    """A cell of the page as a number where it is one: ints stay, "1 234" becomes 1234, "12,5 %"
    Shown(0.125), "1,5" Shown(1.5); "<5", "–" and labels stay text."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    bare = text.translate(_SPACES).replace("\u2212", "-").replace("+", "")
    percent = bare.endswith("%")
    bare = bare.rstrip("%")
    if not bare or not any(ch.isdigit() for ch in bare) or not all(ch.isdigit() or ch in ",.-" for ch in bare):
        return text
    try:
        number = numbers.parse_decimal(bare, locale=get_locale(), strict=False)
    except numbers.NumberFormatError:
        return text
    if percent:
        return Shown(float(number) / 100, text, "0.0%")
    if number == number.to_integral_value() and numbers.get_decimal_symbol(get_locale()) not in bare:
        return int(number)
    return Shown(float(number), text, "0.0")


def figures_sheet(figures: list[KeyFigure]) -> Sheet:
    return Sheet("figures", _("Key figures"), [_("Figure"), _("Number")],
                 [[figure.label, reading(figure.value)] for figure in figures])


def panel_sheet(panel: Panel) -> Sheet:
    if not panel.rows:
        return Sheet(panel.key, panel.title, [str(panel.title)], [[str(panel.note)]] if panel.note else [])
    rows = [[str(row[0]), *(reading(value) for value in row[1:])] for row in panel.rows]
    if panel.note:
        rows.append([str(panel.note)])
    return Sheet(panel.key, panel.title, [str(h) for h in panel.headers], rows)


def feedback_sheet(rows: list[list[str]], name: str, year: int) -> Sheet:
    headers = [_("Figure"), f"{name} {year}", f"{name} {year - 1}", _("Change"), f"{_('Whole country')} {year}"]
    return Sheet("feedback", _("The year compared"), headers, [[row[1], *(reading(c) for c in row[2:])] for row in rows])


def _plain(value):
    return value.value if isinstance(value, Shown) else value


def render(sheets: list[Sheet], fmt: str) -> tuple[bytes, str, str]:
    """(body, mimetype, file extension) of one table as CSV, or of every sheet in one XLSX."""
    if fmt == "xlsx":
        return exports.to_xlsx_book([(s.title, s.headers, s.rows) for s in sheets]), exports.XLSX_MIMETYPE, "xlsx"
    sheet = sheets[0]
    plain = fmt == "csv-plain"
    rows = [[_plain(v) for v in row] for row in sheet.rows] if plain else sheet.rows
    return exports.to_csv(sheet.headers, rows, plain=plain), exports.CSV_MIMETYPE, "csv"
