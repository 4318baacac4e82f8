"""The client brochure (asiakasesite) of an area or one municipality as an A4 PDF, in one language, with
readable type. Texts missing in that language are given in Finnish (Offer.text falls back)."""
import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from app.core.labels import HOW_TO_GET

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=16, spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=24, leading=30, spaceAfter=12)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=17, leading=22,
                         spaceBefore=12, spaceAfter=6)
OFFER = ParagraphStyle("offer", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=17, spaceBefore=8)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def render_brochure(*, title: str, groups, distributors, lang: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"Kaikukortti – {title}")
    story = [para(f"Kaikukortti – {title}", TITLE),
             para(_("With Kaikukortti you can go to theatres, museums, concerts, swimming halls and courses "
                    "free of charge. Show your card when you get the ticket."))]
    for label, offers in groups:
        story.append(para(str(label), HEADING))
        for offer in offers:
            story.append(para(f"{offer.text('title', lang)} – {offer.venue.name}", OFFER))
            place = ", ".join(p for p in (offer.address, offer.municipality.name(lang)) if p)
            story.append(para(place))
            for text in (offer.text("description", lang), offer.restrictions, offer.accessibility):
                if text:
                    story.append(para(text))
            how = str(HOW_TO_GET[offer.how_to_get])
            story.append(para(_("How to get the ticket: %(how)s", how=f"{how} {offer.how_to_get_note}".strip())))
    if distributors:
        story += [Spacer(1, 6 * mm), para(_("Where to get a card"), HEADING),
                  para(", ".join(f"{d.name} ({d.municipality.name(lang)})" for d in distributors))]
    doc.build(story)
    return out.getvalue()
