"""The coordinators' year (vuosikello, DESIGN §6): a template, and each area's own copy per year."""
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.cards import validation
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import AnnualChecklist, AnnualTask
from app.models.base import utcnow

PARTIES = {"national_centre": _l("National centre"), "county": _l("Wellbeing county"),
           "municipality": _l("Municipality"), "coordinators": _l("Coordinators")}
MAX_TEXT = 500
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Template:
    month_from: int
    month_to: int
    party: str
    fi: str
    sv: str
    en: str


TEMPLATE = (
    Template(1, 5, "national_centre",
             "Julkaistaan päivitetyt pohjat (kortti, juliste, asiakasesite)",
             "Uppdaterade mallar publiceras (kort, affisch, klientbroschyr)",
             "Publish updated templates (card, poster, client brochure)"),
    Template(1, 5, "national_centre",
             "Perehdytysmateriaali jakajille ja kohteille",
             "Introduktionsmaterial för utdelare och besöksmål",
             "Induction material for distributors and venues"),
    Template(1, 5, "national_centre",
             "Uusien ja nykyisten vastuuhenkilöiden koulutus",
             "Utbildning av nya och nuvarande ansvarspersoner",
             "Train new and current coordinators"),
    Template(1, 5, "national_centre",
             "Uusien toimijoiden lisääminen ja kouluttaminen",
             "Nya organisationer läggs till och utbildas",
             "Add new organisations and train them"),
    Template(1, 5, "national_centre",
             "Alueen uusien materiaalien kommentointi",
             "Kommentarer på regionens nya material",
             "Comment on the region's new materials"),
    Template(1, 5, "national_centre",
             "Laskutus ja laskutussopimukset",
             "Fakturering och faktureringsavtal",
             "Billing and billing agreements"),
    Template(1, 3, "county",
             "Korttien ja julisteiden painatus hyvinvointialueen ja kuntien jakajille",
             "Tryckning av kort och affischer för välfärdsområdets och kommunernas utdelare",
             "Print cards and posters for the county's and municipalities' distributors"),
    Template(1, 3, "county",
             "Hyvinvointialueen Kaikukortti-verkkosivun päivitys",
             "Uppdatering av välfärdsområdets Kaikukortti-webbsida",
             "Update the county's Kaikukortti web page"),
    Template(1, 3, "county",
             "Jakajien perehdytys",
             "Introduktion av utdelare",
             "Induct distributors"),
    Template(1, 5, "municipality",
             "Asiakasesitteen (tarjonnan) ja kunnan verkkosivun päivitys",
             "Uppdatering av klientbroschyren (utbudet) och kommunens webbsida",
             "Update the client brochure (the offer) and the municipal web page"),
    Template(1, 5, "municipality",
             "Jakajien ja kohteiden yhteen saattaminen",
             "Utdelare och besöksmål förs samman",
             "Bring distributors and venues together"),
    Template(1, 5, "municipality",
             "Kortin budjetointi",
             "Budgetering för kortet",
             "Budget for the card"),
    Template(1, 5, "municipality",
             "Kohteiden perehdytys",
             "Introduktion av besöksmål",
             "Induct venues"),
    Template(1, 5, "municipality",
             "Kunnan ja hyvinvointialueen vastuuhenkilöiden vuositapaaminen (palautekokouksesta sopiminen)",
             "Årligt möte för kommunens och välfärdsområdets ansvarspersoner (responsmötet avtalas)",
             "Yearly meeting of municipal and county coordinators (agree on the feedback meeting)"),
    Template(3, 5, "county",
             "Raportointi kunnille jaetuista ja käytetyistä korteista",
             "Rapport till kommunerna om utdelade och använda kort",
             "Report to municipalities on cards issued and used"),
    Template(3, 5, "county",
             "Sopimukset kuntien ja Kaikukeskuksen kanssa",
             "Avtal med kommunerna och Kaikukeskus",
             "Agreements with municipalities and the national centre"),
    Template(3, 5, "county",
             "Budjetti",
             "Budget",
             "Budget"),
    Template(3, 5, "county",
             "Vuositapaaminen",
             "Årligt möte",
             "Yearly meeting"),
    Template(8, 10, "coordinators",
             "Palautekokous paikalliselle verkostolle (jakajat, kohteet, joskus kortinhaltijat) viimeistään "
             "syksyllä; Kaikukeskus kutsutaan",
             "Responsmöte för det lokala nätverket (utdelare, besöksmål, ibland kortinnehavare) senast på hösten; "
             "Kaikukeskus bjuds in",
             "Feedback meeting for the local network (distributors, venues, sometimes cardholders), at the latest "
             "in autumn, with the national centre invited"),
    Template(8, 10, "coordinators",
             "Neuvottelut uusista jakajista ja kohteista (Kaikukeskus hyväksyy jakajat)",
             "Förhandlingar om nya utdelare och besöksmål (Kaikukeskus godkänner utdelarna)",
             "Negotiate new distributors and venues (the national centre approves distributors)"),
    Template(9, 11, "county",
             "Kysytään hyvinvointialueen jakajilta, jatkavatko he ensi vuonna",
             "Välfärdsområdets utdelare tillfrågas om de fortsätter nästa år",
             "Ask the county's distributors whether they continue next year"),
    Template(9, 11, "county",
             "Ensi vuoden budjetin vahvistaminen",
             "Nästa års budget bekräftas",
             "Confirm next year's budget"),
    Template(9, 11, "municipality",
             "Kysytään kunnan jakajilta ja kohteilta, jatkavatko he",
             "Kommunens utdelare och besöksmål tillfrågas om de fortsätter",
             "Ask municipal distributors and venues whether they continue"),
    Template(9, 11, "municipality",
             "Ensi vuoden budjetin vahvistaminen",
             "Nästa års budget bekräftas",
             "Confirm next year's budget"),
    Template(9, 10, "national_centre",
             "Kaikkien vastuuhenkilöiden valtakunnallinen vuositapaaminen",
             "Nationellt årligt möte för alla ansvarspersoner",
             "Yearly national meeting of all coordinators"),
    Template(11, 12, "coordinators",
             "Päivitetty jakajalista Kaikukeskukseen ennen esitteiden painatusta",
             "Den uppdaterade utdelarlistan skickas till Kaikukeskus innan broschyrerna trycks",
             "Send the updated distributor list to the national centre before brochures are printed"),
    Template(11, 12, "coordinators",
             "Ilmoitetaan muuttuneet yhteyshenkilöt ja uudet vastuuhenkilöt",
             "Ändrade kontaktpersoner och nya ansvarspersoner meddelas",
             "Report changed contact persons and new coordinators"),
    Template(1, 12, "national_centre",
             "Tuki; valtakunnallisen sivuston ja tietokannan ylläpito; keskitetyt koulutukset",
             "Stöd; underhåll av den nationella webbplatsen och databasen; centrala utbildningar",
             "Support; maintain the national site and the database; central trainings"),
)


def task_text(task: AnnualTask, lang: str) -> str:
    return {"sv": task.text_sv, "en": task.text_en}.get(lang) or task.text_fi


def check_year(year: int, today: date) -> None:
    if not FIRST_YEAR <= year <= today.year + 1:
        raise DomainError("invalid_year", _("No checklist for that year."), status=404)


def _claim_first_copy(area_id: int, year: int, actor: Actor) -> bool:
    """True for the one request that makes the area's checklist for the year; false when it
    exists already, also when a concurrent first view has just made it."""
    if db.session.get(AnnualChecklist, (area_id, year)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(AnnualChecklist(area_id=area_id, year=year, created_by_id=actor.user_id))
    except IntegrityError:
        return False
    return True


def checklist(area_id: int, year: int, actor: Actor) -> list[AnnualTask]:
    """The area's tasks for the year, copied from the template on first use (only once: an area
    that removed every task keeps an empty list)."""
    if _claim_first_copy(area_id, year, actor):
        db.session.add_all(AnnualTask(area_id=area_id, year=year, month_from=t.month_from, month_to=t.month_to,
                                      party=t.party, text_fi=t.fi, text_sv=t.sv, text_en=t.en) for t in TEMPLATE)
        audit(actor, "annual_created", "annual_checklist", f"{area_id}:{year}", area_id)
        db.session.flush()
    return list(db.session.scalars(
        select(AnnualTask).where(AnnualTask.area_id == area_id, AnnualTask.year == year)
        .order_by(AnnualTask.month_from, AnnualTask.month_to, AnnualTask.id)))


def set_done(task: AnnualTask, done: bool, actor: Actor) -> None:
    task.done_at, task.done_by_id = (utcnow(), actor.user_id) if done else (None, None)
    audit(actor, "annual_done" if done else "annual_undone", "annual_task", task.id, task.area_id)
    db.session.flush()


def add_task(area_id: int, year: int, data: dict[str, Any], actor: Actor) -> AnnualTask:
    month_message = _("Month: a number from 1 to 12.")
    month_from = validation.as_int(data.get("month_from"), "month_from", month_message)
    month_to = validation.as_int(data.get("month_to"), "month_to", month_message)
    for name, month in (("month_from", month_from), ("month_to", month_to)):
        if not 1 <= month <= 12:
            raise DomainError("invalid_month", month_message, field=name)
    if month_to < month_from:
        raise DomainError("invalid_months", _("The last month comes before the first one."), field="month_to")
    if data.get("party") not in PARTIES:
        raise DomainError("invalid_party", _("Choose who does it."), field="party")
    text = str(data.get("text") or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise DomainError("invalid_text", _("Task: 1 to %(max)d characters.", max=MAX_TEXT), field="text")
    # the area's own task is shown as written, whatever the reader's language
    task = AnnualTask(area_id=area_id, year=year, month_from=month_from, month_to=month_to, party=data["party"],
                      text_fi=text, text_sv=text, text_en=text)
    db.session.add(task)
    db.session.flush()
    audit(actor, "annual_task_added", "annual_task", task.id, area_id, text=text)
    db.session.flush()
    return task


def remove_task(task: AnnualTask, actor: Actor) -> None:
    audit(actor, "annual_task_removed", "annual_task", task.id, task.area_id, text=task.text_fi)
    db.session.delete(task)
    db.session.flush()


def due(area_ids: list[int], today: date, actor: Actor) -> list[AnnualTask]:
    """Open tasks of these areas whose months include this month."""
    tasks = []
    for area_id in area_ids:
        tasks += [t for t in checklist(area_id, today.year, actor)
                  if t.done_at is None and t.month_from <= today.month <= t.month_to]
    return tasks
