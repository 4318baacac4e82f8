"""Any table (headers + rows) as CSV or XLSX bytes, for download.

CSV defaults to what Finnish Excel opens with a double click: UTF-8 with a byte-order mark and `;`
between fields. `plain=True` gives ordinary comma-separated UTF-8 without the mark (open data).
Cells may be numbers, text, dates, None (empty) or lazy translated strings.
"""
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text a spreadsheet would run as a formula; prefixed with an apostrophe so it stays text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None or isinstance(value, bool):
        return "" if value is None else int(value)
    if isinstance(value, (int, float, date, datetime)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(headers: Sequence[object], rows: Iterable[Sequence[object]], *, plain: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter="," if plain else ";", lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    text = out.getvalue()
    return text.encode("utf-8") if plain else ("\ufeff" + text).encode("utf-8")


def to_xlsx(headers: Sequence[object], rows: Iterable[Sequence[object]], *, title: str = "Kaikukanta") -> bytes:
    return to_xlsx_book([(title, headers, rows)])


def to_xlsx_book(sheets: Iterable[tuple[str, Sequence[object], Iterable[Sequence[object]]]]) -> bytes:
    """Several tables in one workbook, a sheet each: (title, headers, rows). A cell with a
    `number_format` attribute is written as its `value` in that format (a share as "0.0%")."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for title, headers, rows in sheets:
        sheet = book.create_sheet(_unique(_sheet_title(title), taken))
        sheet.append([_cell(h) for h in headers])
        for row in rows:
            sheet.append([_cell(getattr(value, "value", value)) for value in row])
            for cell, value in zip(sheet[sheet.max_row], row):
                if getattr(value, "number_format", None):
                    cell.number_format = value.number_format
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(60, len(str(header)) + 4))
    if not book.worksheets:
        book.create_sheet("Kaikukanta")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _unique(title: str, taken: set[str]) -> str:
    found, n = title, 1
    while found.lower() in taken:
        n += 1
        found = f"{title[:27]} ({n})"
    taken.add(found.lower())
    return found


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Kaikukanta")[:31]


def filename(stem: str, extension: str) -> str:
    """A safe download name: letters, digits, dash and underscore only."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem).strip("-")
    return f"{safe or 'kaikukanta'}.{extension}"
