"""The invoice basis of a year's database fee as an A4 PDF: the totals, then one line per paying
municipality and wellbeing county, in the reader's language."""
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from flask_babel import format_decimal, gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.core.labels import FEE_COLUMN, FEE_PARTY
from app.stats.fees import COLUMNS, FeeSplit

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=3)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=8)
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
    ("ALIGN", (3, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black), ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
    ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f0f0f0")]),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def number(value: Decimal | int, pattern: str = "#,##0") -> str:
    # The standard PDF fonts have no narrow no-break space, which some locales group digits with.
    return format_decimal(value, pattern).replace("\u202f", "\u00a0")


def money(value: Decimal) -> str:
    return number(value, "#,##0.00")


def euros(value: Decimal) -> str:
    return money(value) + "\u00a0€"


def render_fee_basis(split: FeeSplit, agreed_area_names: list[str]) -> bytes:
    out = io.BytesIO()
    title = _("Database fee %(year)d: invoice basis", year=split.year)
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Kaikukortti – {title}")
    story = [Paragraph(escape(title), TITLE),
             Paragraph(escape(_("Total %(total)s: half to the municipalities, half to the wellbeing services "
                                "counties, each by the population of the participating municipalities.",
                                total=euros(split.total))), BODY),
             Paragraph(escape(_("Municipalities %(municipalities)s, wellbeing services counties %(counties)s; "
                                "%(residents)s residents.", municipalities=euros(split.side_total("municipality")),
                                counties=euros(split.side_total("county")), residents=number(split.population))),
                       BODY)]
    if agreed_area_names:
        story.append(Paragraph(escape(_("Areas with their own agreed share: %(areas)s",
                                        areas=", ".join(agreed_area_names))), BODY))
    header = [str(FEE_COLUMN[column]) for column in COLUMNS]
    lines = [[str(FEE_PARTY[row.party]), row.code, Paragraph(escape(row.name), BODY), number(row.population),
              euros(row.euros)] for row in split.rows]
    total = ["", "", _("Total"), "", euros(split.side_total("municipality") + split.side_total("county"))]
    table = Table([header, *lines, total], colWidths=[38 * mm, 14 * mm, 70 * mm, 25 * mm, 33 * mm], repeatRows=1)
    table.setStyle(GRID)
    story.append(table)
    doc.build(story)
    return out.getvalue()
