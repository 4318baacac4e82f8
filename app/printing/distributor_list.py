"""An area's distributor list for a year as a table (for the CSV and XLSX exports, app.stats.exports)
and as an A4 PDF for the brochure makers, in the current locale's language."""
import io
from xml.sax.saxutils import escape

from flask_babel import format_datetime, gettext as _, ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.core.labels import DISTRIBUTOR_LIST_STATE
from app.models.distributor_list import DistributorList, DistributorListEntry

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=6)
GRID = TableStyle([
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f0f0")]),
])


def note(entry: DistributorListEntry) -> str:
    if entry.awaiting_approval:
        return _("Awaiting approval")
    return _("New partner") if entry.new_partner else ""


def headers() -> list[str]:
    return [_("Name"), _("Municipality"), _("Service type"), _("Contact person"), _("Phone"), _("Email"), _("Note")]


def rows(dlist: DistributorList, lang: str) -> list[list[str]]:
    return [[e.name, e.municipality.name(lang), e.service_type or "", e.contact_name, e.contact_phone,
             e.contact_email, note(e)] for e in dlist.entries]


def title(dlist: DistributorList) -> str:
    return _("Distributor list %(year)d: %(area)s", year=dlist.year, area=dlist.area.name)


def render_pdf(dlist: DistributorList, lang: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=f"Kaikukortti – {title(dlist)}")
    state = str(DISTRIBUTOR_LIST_STATE[dlist.state])
    if dlist.state == "approved" and dlist.reviewed_at:
        state = _("%(state)s on %(day)s", state=state, day=format_datetime(dlist.reviewed_at, "short"))
    cells = [[Paragraph(f"<b>{escape(h)}</b>", CELL) for h in headers()],
             *[[Paragraph(escape(value), CELL) for value in row] for row in rows(dlist, lang)]]
    widths = [60 * mm, 32 * mm, 30 * mm, 40 * mm, 30 * mm, 48 * mm, 27 * mm]
    story = [Paragraph(escape(f"Kaikukortti – {title(dlist)}"), TITLE),
             Paragraph(escape(_("State: %(state)s", state=state)), BODY),
             Paragraph(escape(ngettext("%(num)d distributor site", "%(num)d distributor sites", len(dlist.entries))), BODY),
             Table(cells, colWidths=widths, repeatRows=1, style=GRID)]
    doc.build(story)
    return out.getvalue()
