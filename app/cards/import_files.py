"""Reading an import file as rows of text, whichever way a spreadsheet saved it.

CSV: UTF-8 with or without BOM, UTF-16 ("Unicode text"), or Windows-1252 as Finnish Excel's
"CSV (erottimin eroteltu)" writes it; semicolon, comma or tab between cells; CRLF or LF.
Excel workbooks (.xlsx): the active sheet, read with openpyxl in read-only mode; dates, numbers and
text cells all become text the importer checks the same way as a CSV cell.
"""
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook

from app.core.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_COLUMNS = 64
# A 5 MB workbook is compressed; refuse one that unpacks into something no card list needs.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
DELIMITERS = (";", ",", "\t")


@dataclass
class Table:
    columns: list[str]  # the header row, each name normalised
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, cell texts), blank rows left out


def column_name(text: str) -> str:
    """A header cell as a column name: "Issued On ", "issued-on" and "issued_on" all name issued_on."""
    return re.sub(r"[\s-]+", "_", text.replace("\ufeff", "").strip().strip('"').strip().lower())


def suffix(data: bytes) -> str:
    """The kind of file an upload is, from its content; anything unreadable is refused here."""
    if data.startswith(XLSX_MAGIC):
        next(read_table(data).rows, None)
        return ".xlsx"
    if data.startswith(OLD_XLS_MAGIC) or "\x00" in decode(data):
        raise DomainError("not_a_table", _("The file is not a CSV file or an Excel workbook (.xlsx). "
                                           "Save it in one of these formats and try again."), field="file")
    return ".csv"


def read_table(data: bytes, known: Iterable[str] = ()) -> Table:
    """The header and the rows of an uploaded file; `known` column names help to tell the CSV separator."""
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(decode(data), set(known))
    numbered = ((number, cells) for number, cells in rows if any(cells))
    header = next(numbered, None)
    return Table([column_name(cell) for cell in header[1]] if header else [], numbered)


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def _csv_rows(text: str, known: set[str]) -> Iterator[tuple[int, list[str]]]:
    top = text[:20_000].splitlines(keepends=True)
    hint = re.fullmatch(r'"?sep=(.)"?\s*', top[0], re.IGNORECASE) if top else None  # Excel's "sep=;" line
    if hint:
        delimiter, start, text = hint.group(1), 2, text[len(top[0]):]
    else:
        header = next((line for line in top if line.strip(' ;,\t\r\n"')), "")
        delimiter, start = _delimiter(header, known), 1
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=start):
            yield number, [cell.strip() for cell in cells[:MAX_COLUMNS]]
    except csv.Error:
        raise DomainError("unreadable_csv", _("The CSV file could not be read. Save it again as CSV and try "
                                              "again."), field="file") from None


def _delimiter(header: str, known: set[str]) -> str:
    """The separator that splits the header into the most column names we know, else the most used one."""
    def score(delimiter: str) -> tuple[int, int]:
        names = {column_name(cell) for cell in next(csv.reader([header], delimiter=delimiter), [])}
        return len(names & known), header.count(delimiter)

    return max(DELIMITERS, key=score)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    unreadable = DomainError("unreadable_xlsx", _("The Excel workbook could not be read. Save it again as .xlsx "
                                                  "or as CSV and try again."), field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise DomainError("too_large", _("The workbook is too large when unpacked."), status=413,
                                  field="file")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:  # a damaged or foreign zip makes openpyxl raise almost anything
        raise unreadable from None
    try:
        sheet = book.active or book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read what is there
        rows: Iterable = sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS, values_only=True)
        yield from ((number, [cell_text(value) for value in cells]) for number, cells in enumerate(rows, start=1))
    except DomainError:
        raise
    except Exception:
        raise unreadable from None
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV would hold: dates in ISO form, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """Rows as Finnish Excel saves and opens CSV: UTF-8 with BOM, semicolons, CRLF."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[cell.isoformat() if isinstance(cell, date) else cell for cell in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """Rows as an Excel workbook: dates as date cells, numbers as numbers, text as text."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 16
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
