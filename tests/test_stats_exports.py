"""Tables as CSV for Finnish Excel, plain CSV, and XLSX: each read back the way a spreadsheet would."""
import csv
import io
from datetime import date

from openpyxl import load_workbook

from app.stats.exports import filename, to_csv, to_xlsx

HEADERS = ["Kunta", "Käyttökerrat", "Päivä"]
ROWS = [["Järvenpää", 12, date(2025, 1, 31)], ["Åland; \"quoted\"", "<5", None], ["=SUM(A1)", 0.5, "x"]]


def test_csv_for_finnish_excel_has_a_bom_and_semicolons():
    data = to_csv(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [HEADERS, ["Järvenpää", "12", "2025-01-31"], ['Åland; "quoted"', "<5", ""],
                    ["'=SUM(A1)", "0.5", "x"]]


def test_plain_csv_has_commas_and_no_bom():
    data = to_csv(HEADERS, ROWS, plain=True)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == HEADERS and rows[1] == ["Järvenpää", "12", "2025-01-31"] and rows[2][1] == "<5"


def test_xlsx_reads_back_with_numbers_as_numbers():
    book = load_workbook(io.BytesIO(to_xlsx(HEADERS, ROWS, title="Kunnat: 2025/1")))
    sheet = book.active
    assert sheet.title == "Kunnat  2025 1"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert values[1][:2] == ["Järvenpää", 12] and values[1][2].date() == date(2025, 1, 31)
    assert values[2] == ['Åland; "quoted"', "<5", None] and values[3] == ["'=SUM(A1)", 0.5, "x"]


def test_download_names_are_safe():
    assert filename("kaikukortti 2025/ö", "csv") == "kaikukortti-2025.csv"
    assert filename("../", "xlsx") == "kaikukanta.xlsx"
