"""Continuation rounds (DESIGN §6, Sep-Nov): a coordinator asks the approved distributor sites or venues
of an area whether they continue in Kaikukortti next year; their staff answer in the app; the
coordinator reminds those who have not answered and closes the round.

Closing schedules the end of every site that said no: `Organisation.approved_until` becomes 31 December
before the round's year, so it operates to the end of this year and from 1 January `site_problem` says
not_approved. Until that day the end can be taken back. A site that never answered is listed as such and
keeps operating: the coordinator decides about it. E-mails (to each site's contact person, where a mail
server is set) leave after the commit. Everything here flushes only and is audited.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date, gettext as _
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import contains_eager

from app.core import mail
from app.core.audit import actor_of, audit
from app.core.dates import today as today_in_helsinki
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Organisation
from app.models.base import utcnow
from app.models.continuation import ANSWERS, ROUND_SIDES, ContinuationAnswer, ContinuationRound
from app.network.scope import can_manage_org, coordinator_areas, is_national, own_sites

NOTE_MAX = 2000


def last_day_before(year: int) -> date:
    """The last day a site that does not continue into `year` operates."""
    return date(year - 1, 12, 31)


# Who runs which rounds

def may_run(principal, area_id: int, side: str) -> bool:
    """The national admin, or a coordinator of that area who looks after that kind of organisation."""
    return is_national(principal) or side in coordinator_areas(principal).get(area_id, set())


def visible_rounds(principal, *, open_only: bool = False) -> list[ContinuationRound]:
    """The rounds the principal runs, newest year first; only those not closed when `open_only`."""
    query = select(ContinuationRound).order_by(ContinuationRound.year.desc(), ContinuationRound.opened_at.desc(),
                                               ContinuationRound.id.desc())
    if not is_national(principal):
        pairs = [and_(ContinuationRound.area_id == area_id, ContinuationRound.side.in_(kinds))
                 for area_id, kinds in coordinator_areas(principal).items()]
        query = query.where(or_(*pairs) if pairs else false())
    if open_only:
        query = query.where(ContinuationRound.closed_at.is_(None))
    return list(db.session.scalars(query))


def round_in_scope(principal, round_id: int) -> ContinuationRound | None:
    """A round the principal runs; another's is as good as missing."""
    found = db.session.get(ContinuationRound, round_id)
    return found if found is not None and may_run(principal, found.area_id, found.side) else None


def asked_organisations(area_id: int, side: str, year: int) -> list[Organisation]:
    """Approved sites of that kind in the area that operate into `year`: none whose end comes before it,
    and none that only starts in it (a new partner, listed by `new_partners`)."""
    first = date(year, 1, 1)
    return list(db.session.scalars(select(Organisation).where(
        Organisation.area_id == area_id, Organisation.kind == side, Organisation.approval_state == "approved",
        or_(Organisation.approved_until.is_(None), Organisation.approved_until >= first),
        or_(Organisation.approved_from.is_(None), Organisation.approved_from < first)).order_by(Organisation.name)))


def new_partners(round_: ContinuationRound) -> list[Organisation]:
    """Sites of the round's area and kind that are proposed, or approved to start in the round's year."""
    return list(db.session.scalars(select(Organisation).where(
        Organisation.area_id == round_.area_id, Organisation.kind == round_.side,
        or_(Organisation.approval_state == "proposed",
            and_(Organisation.approval_state == "approved", Organisation.approved_from >= date(round_.year, 1, 1),
                 Organisation.approved_from <= date(round_.year, 12, 31)))).order_by(Organisation.name)))


# Opening, reminding, closing

def open_round(principal, *, area_id: int, side: str, year: int, opens_on: date, closes_on: date,
               today: date | None = None) -> ContinuationRound:
    today = today or today_in_helsinki()
    if side not in ROUND_SIDES:
        raise DomainError("invalid_side", _("Choose whom the round asks."), field="side")
    if not may_run(principal, area_id, side):
        raise DomainError("outside_scope", _("You cannot open a round for that area and side."), status=403,
                          field="area_id")
    if not today.year < year <= today.year + 2:
        raise DomainError("invalid_year", _("Ask about a coming year."), field="year")
    if closes_on < opens_on or closes_on < today:
        raise DomainError("invalid_dates", _("The round closes on or after the day it opens, and not in the past."),
                          field="closes_on")
    if closes_on > last_day_before(year):
        raise DomainError("invalid_dates", _("The round closes before the year it asks about begins."),
                          field="closes_on")
    exists = db.session.scalar(select(ContinuationRound.id).where(
        ContinuationRound.area_id == area_id, ContinuationRound.side == side, ContinuationRound.year == year))
    if exists is not None:
        raise DomainError("round_exists", _("A round for this area, side and year already exists."), status=409,
                          field="year")
    asked = asked_organisations(area_id, side, year)
    round_ = ContinuationRound(area_id=area_id, side=side, year=year, opens_on=opens_on, closes_on=closes_on,
                               opened_by_id=principal.id,
                               answers=[ContinuationAnswer(organisation_id=org.id, note="") for org in asked])
    db.session.add(round_)
    db.session.flush()
    audit(actor_of(principal), "round_opened", "continuation_round", round_.id, area_id, kind=side, year=year,
          opens_on=opens_on.isoformat(), closes_on=closes_on.isoformat(), asked=len(asked))
    db.session.flush()
    mail.queue_messages([question_mail(round_, org, reminder=False) for org in asked
                 if mail.configured() and org.contact_email])
    return round_


def question_mail(round_: ContinuationRound, org: Organisation, *, reminder: bool) -> dict[str, str]:
    lang = org.municipality.language if org.municipality.language in mail.LANGUAGES else "fi"
    link = mail.app_link("admin.continuation_answer", round_id=round_.id, site=org.id)
    with force_locale(lang):
        question = _("Does %(site)s continue in Kaikukortti in %(year)d?", site=org.name, year=round_.year)
        lines = [question, "",
                 _("Please answer in Kaikukanta between %(start)s and %(end)s: yes, no, or yes with changes.",
                   start=format_date(round_.opens_on, "long"), end=format_date(round_.closes_on, "long")),
                 "", link]
        subject = (_("Reminder: %(question)s", question=question) if reminder else question)
    return {"to": org.contact_email, "subject": subject, "body": "\n".join(lines) + "\n"}


def unanswered(round_: ContinuationRound) -> list[ContinuationAnswer]:
    return [a for a in round_.answers if a.answer is None]


def remind(principal, round_: ContinuationRound, today: date | None = None) -> tuple[int, int]:
    """E-mail the contact person of every site that has not answered (their staff keep seeing the
    question in the app). Returns (sites not answered, e-mails queued)."""
    if not may_run(principal, round_.area_id, round_.side):
        refuse()
    if round_.closed_at is not None:
        raise DomainError("round_closed", _("This round is closed."), status=409)
    waiting = unanswered(round_)
    mails = [question_mail(round_, a.organisation, reminder=True) for a in waiting
             if mail.configured() and a.organisation.contact_email]
    round_.reminded_at = utcnow()
    audit(actor_of(principal), "round_reminded", "continuation_round", round_.id, round_.area_id,
          unanswered=len(waiting), mailed=len(mails))
    db.session.flush()
    mail.queue_messages(mails)
    return len(waiting), len(mails)


@dataclass
class Closing:
    """What closing the round does: the sites whose end it schedules, and those left without an answer."""
    ends: list[ContinuationAnswer]
    last_day: date
    no_answer: list[ContinuationAnswer]


def closing(round_: ContinuationRound) -> Closing:
    return Closing(ends=[a for a in round_.answers if a.answer == "no"], last_day=last_day_before(round_.year),
                   no_answer=unanswered(round_))


def close_round(principal, round_: ContinuationRound) -> Closing:
    """Close the round: every "no" operates until 31 December before the round's year."""
    if not may_run(principal, round_.area_id, round_.side):
        refuse()
    if round_.closed_at is not None:
        raise DomainError("round_closed", _("This round is closed."), status=409)
    actor = actor_of(principal)
    plan = closing(round_)
    for answer in plan.ends:
        org = answer.organisation
        before = org.approved_until
        if before is None or before > plan.last_day:
            org.approved_until = plan.last_day
        answer.end_scheduled = org.approved_until
        audit(actor, "org_end_scheduled", "organisation", org.id, org.area_id, round=round_.id, year=round_.year,
              changes={"approved_until": {"before": before.isoformat() if before else None,
                                          "after": org.approved_until.isoformat()}})
    round_.closed_at, round_.closed_by_id = utcnow(), principal.id
    counts = answer_counts(round_)
    audit(actor, "round_closed", "continuation_round", round_.id, round_.area_id, year=round_.year, **counts)
    db.session.flush()
    return plan


def take_back_end(principal, org: Organisation, today: date | None = None) -> None:
    """Clear a scheduled end before it has come: the site goes on operating."""
    today = today or today_in_helsinki()
    if not can_manage_org(org, principal):
        refuse()
    if org.approved_until is None:
        raise DomainError("no_end", _("No end is scheduled for this organisation."), status=409)
    if today > org.approved_until:
        raise DomainError("end_passed", _("The end has already come; it can no longer be taken back."), status=409)
    before = org.approved_until
    org.approved_until = None
    audit(actor_of(principal), "org_end_taken_back", "organisation", org.id, org.area_id,
          changes={"approved_until": {"before": before.isoformat(), "after": None}})
    db.session.flush()


def can_take_back(org: Organisation, today: date) -> bool:
    return org.approved_until is not None and today <= org.approved_until


# Answers

def answer_counts(round_: ContinuationRound) -> dict[str, int]:
    counts = {code: 0 for code in (*ANSWERS, "unanswered")}
    for a in round_.answers:
        counts[a.answer or "unanswered"] += 1
    return counts


def counts_by_round(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """Round id -> its answer counts, in one query."""
    found = {rid: {code: 0 for code in (*ANSWERS, "unanswered")} for rid in round_ids}
    if round_ids:
        rows = db.session.execute(select(ContinuationAnswer.round_id, ContinuationAnswer.answer, func.count())
                                  .where(ContinuationAnswer.round_id.in_(round_ids))
                                  .group_by(ContinuationAnswer.round_id, ContinuationAnswer.answer))
        for rid, code, count in rows:
            found[rid][code or "unanswered"] = count
    return found


def staff_sites(principal) -> dict[int, Organisation]:
    """The person's own sites (read from the memberships already loaded); none for an API key."""
    if not principal.is_authenticated or getattr(principal, "api_key", None) is not None:
        return {}
    return {org.id: org for kind in ROUND_SIDES for org in own_sites(kind, principal)}


def the_answer(principal, round_id: int, org_id: int | None) -> ContinuationAnswer | None:
    """The question of `round_id` to one of the person's own sites (the only one it was asked of when
    `org_id` is not given); None when there is none."""
    sites = staff_sites(principal)
    query = select(ContinuationAnswer).where(ContinuationAnswer.round_id == round_id,
                                             ContinuationAnswer.organisation_id.in_(list(sites)))
    if org_id is not None:
        query = query.where(ContinuationAnswer.organisation_id == org_id)
    found = db.session.scalars(query).all()
    return found[0] if len(found) == 1 else None


def give_answer(principal, answer: ContinuationAnswer, *, choice: str, note: str,
                today: date | None = None) -> None:
    """A site's staff answer, or change their answer until the round is closed."""
    today = today or today_in_helsinki()
    round_ = answer.round
    if answer.organisation_id not in staff_sites(principal):
        refuse()
    if round_.closed_at is not None:
        raise DomainError("round_closed", _("This round is closed: the answer can no longer be changed."),
                          status=409)
    if today < round_.opens_on:
        raise DomainError("round_not_open", _("This round has not opened yet."), status=409)
    if choice not in ANSWERS:
        raise DomainError("invalid_answer", _("Choose an answer."), field="answer")
    note = (note or "").strip()
    if choice == "yes_with_changes" and not note:
        raise DomainError("note_required", _("Tell what changes."), field="note")
    if len(note) > NOTE_MAX:
        raise DomainError("note_too_long", _("The note is too long."), field="note")
    before = answer.answer
    answer.answer, answer.note, answer.answered_at, answer.answered_by_id = choice, note, utcnow(), principal.id
    audit(actor_of(principal), "round_answered", "organisation", answer.organisation_id,
          answer.organisation.area_id, round=round_.id, year=round_.year,
          changes={"answer": {"before": before, "after": choice}})
    db.session.flush()


def open_questions(principal, today: date | None = None) -> list[tuple[ContinuationAnswer, Organisation]]:
    """The open rounds' questions that the person's sites have not answered: one query, none for
    anonymous visitors and API keys."""
    sites = staff_sites(principal)
    if not sites:
        return []
    today = today or today_in_helsinki()
    found = db.session.scalars(
        select(ContinuationAnswer).join(ContinuationRound, ContinuationRound.id == ContinuationAnswer.round_id)
        .where(ContinuationAnswer.organisation_id.in_(list(sites)), ContinuationAnswer.answer.is_(None),
               ContinuationRound.closed_at.is_(None), ContinuationRound.opens_on <= today,
               ContinuationRound.closes_on >= today)
        .options(contains_eager(ContinuationAnswer.round))
        .order_by(ContinuationRound.year, ContinuationAnswer.id)).all()
    return [(answer, sites[answer.organisation_id]) for answer in found]
