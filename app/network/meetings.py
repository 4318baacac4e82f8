"""The feedback meeting (palautekokous, DESIGN §6): a coordinator records the area's meeting, chooses
whom to invite (the area's distributors and venues, the national centre) and e-mails the invitations,
which link the statistics view made for the meeting.

The national centre's address is the setting NATIONAL_CENTRE_EMAIL; without it the centre is not mailed.
"""
from datetime import date, time
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date, gettext as _
from sqlalchemy import select

from app.core import mail
from app.core.audit import Actor, audit
from app.core.errors import DomainError
from app.extensions import db
from app.models import Organisation
from app.models.base import utcnow
from app.models.reminder import FeedbackMeeting, MeetingInvitee
from app.network import annual, areas

MAX_PLACE, MAX_LINK, MAX_NOTE = 300, 500, 2000
CENTRE_LANGUAGE = "fi"


def national_centre_address() -> str:
    return (current_app.config.get("NATIONAL_CENTRE_EMAIL") or "").strip()


def meetings_for(principal) -> list[FeedbackMeeting]:
    area_ids = [area.id for area in areas.visible_areas(principal)]
    return list(db.session.scalars(select(FeedbackMeeting).where(FeedbackMeeting.area_id.in_(area_ids))
                                   .order_by(FeedbackMeeting.meeting_date.desc(), FeedbackMeeting.id.desc())))


def meeting_in_scope(principal, meeting_id: int) -> FeedbackMeeting | None:
    """A meeting of an area the principal sees; another area's is as good as missing."""
    meeting = db.session.get(FeedbackMeeting, meeting_id)
    if meeting is None or areas.area_in_scope(principal, meeting.area_id) is None:
        return None
    return meeting


def invitable(area_id: int) -> list[Organisation]:
    """The area's approved distributor sites and venues."""
    return list(db.session.scalars(select(Organisation).where(
        Organisation.area_id == area_id, Organisation.approval_state == "approved")
        .order_by(Organisation.kind, Organisation.name)))


def _clean(data: dict[str, Any], today: date) -> dict[str, Any]:
    meeting_date = data.get("meeting_date")
    if not isinstance(meeting_date, date):
        raise DomainError("invalid_date", _("Give the date of the meeting."), field="meeting_date")
    meeting_time = data.get("meeting_time") if isinstance(data.get("meeting_time"), time) else None
    place = str(data.get("place") or "").strip()
    link = str(data.get("online_link") or "").strip()
    note = str(data.get("note") or "").strip()
    if not place and not link:
        raise DomainError("no_place", _("Give the place or the link to the online meeting."), field="place")
    if len(place) > MAX_PLACE:
        raise DomainError("invalid_place", _("Place: at most %(max)d characters.", max=MAX_PLACE), field="place")
    if link and (len(link) > MAX_LINK or not link.startswith(("https://", "http://"))):
        raise DomainError("invalid_link", _("The online link starts with https://."), field="online_link")
    if len(note) > MAX_NOTE:
        raise DomainError("invalid_note", _("Note: at most %(max)d characters.", max=MAX_NOTE), field="note")
    try:
        stats_year = int(data.get("stats_year") or meeting_date.year)
    except (TypeError, ValueError):
        stats_year = 0
    if not annual.FIRST_YEAR <= stats_year <= today.year:
        raise DomainError("invalid_year", _("Choose the year of the statistics."), field="stats_year")
    return dict(meeting_date=meeting_date, meeting_time=meeting_time, place=place, online_link=link, note=note,
                stats_year=stats_year)


def _audited(meeting: FeedbackMeeting) -> dict[str, Any]:
    return {"meeting_date": meeting.meeting_date.isoformat(), "place": meeting.place,
            "online_link": meeting.online_link, "stats_year": meeting.stats_year}


def create_meeting(area_id: int, data: dict[str, Any], actor: Actor, today: date) -> FeedbackMeeting:
    meeting = FeedbackMeeting(area_id=area_id, created_by_id=actor.user_id, invite_national_centre=True,
                              sent_count=0, sent_to=[], **_clean(data, today))
    db.session.add(meeting)
    db.session.flush()
    audit(actor, "meeting_created", "feedback_meeting", meeting.id, area_id, **_audited(meeting))
    db.session.flush()
    return meeting


def change_meeting(meeting: FeedbackMeeting, data: dict[str, Any], actor: Actor, today: date) -> FeedbackMeeting:
    for name, value in _clean(data, today).items():
        setattr(meeting, name, value)
    audit(actor, "meeting_changed", "feedback_meeting", meeting.id, meeting.area_id, **_audited(meeting))
    db.session.flush()
    return meeting


def set_invitees(meeting: FeedbackMeeting, org_ids: list[int], national_centre: bool, actor: Actor) -> None:
    allowed = {org.id: org.name for org in invitable(meeting.area_id)}
    wanted = set(org_ids)
    if not wanted <= set(allowed):
        raise DomainError("invalid_invitee", _("Choose organisations of the meeting's area."), field="organisations")
    meeting.invitees = [MeetingInvitee(organisation_id=org_id) for org_id in sorted(wanted)]
    meeting.invite_national_centre = national_centre
    audit(actor, "meeting_invitees_set", "feedback_meeting", meeting.id, meeting.area_id,
          invitees=sorted(allowed[org_id] for org_id in wanted), national_centre=national_centre)
    db.session.flush()


def recipients(meeting: FeedbackMeeting) -> list[tuple[str, str, str]]:
    """(who, e-mail address, language) of everyone the invitation goes to; those without an address
    are left out."""
    found = []
    for invitee in sorted(meeting.invitees, key=lambda i: (i.organisation.kind, i.organisation.name)):
        org = invitee.organisation
        if org.contact_email:
            lang = org.municipality.language if org.municipality.language in mail.LANGUAGES else "fi"
            found.append((org.name, org.contact_email, lang))
    if meeting.invite_national_centre and national_centre_address():
        found.append((_("National centre"), national_centre_address(), CENTRE_LANGUAGE))
    return found


def invitation(meeting: FeedbackMeeting, stats_link: str, lang: str) -> tuple[str, str]:
    """The invitation's subject and text in a language."""
    with force_locale(lang):
        when = format_date(meeting.meeting_date, "full")
        if meeting.meeting_time is not None:
            when = _("%(date)s at %(time)s", date=when, time=meeting.meeting_time.strftime("%H:%M"))
        lines = [_("You are invited to the Kaikukortti feedback meeting of %(area)s.", area=meeting.area.name), "",
                 _("When: %(when)s", when=when)]
        if meeting.place:
            lines.append(_("Where: %(place)s", place=meeting.place))
        if meeting.online_link:
            lines.append(_("Online: %(link)s", link=meeting.online_link))
        if meeting.note:
            lines += ["", meeting.note]
        lines += ["", _("The statistics for the meeting: %(link)s", link=stats_link)]
        subject = _("Invitation: Kaikukortti feedback meeting of %(area)s", area=meeting.area.name)
    return subject, "\n".join(lines) + "\n"


def send_invitations(meeting: FeedbackMeeting, stats_link: str, actor: Actor) -> int:
    """E-mail the invitation to every recipient (after the commit); returns how many were queued.
    Sending again is allowed and recorded each time."""
    if not mail.configured():
        raise DomainError("mail_not_configured", _("No mail server is set up: copy the invitation and send it "
                                                   "yourself."), status=409)
    found = recipients(meeting)
    if not found:
        raise DomainError("no_recipients", _("Nobody with an e-mail address is invited yet."), status=409)
    mails = []
    for _name, address, lang in found:
        subject, body = invitation(meeting, stats_link, lang)
        mails.append({"to": address, "subject": subject, "body": body})
    meeting.sent_at, meeting.sent_by_id = utcnow(), actor.user_id
    meeting.sent_count += 1
    meeting.sent_to = [address for _name, address, _lang in found]
    audit(actor, "meeting_invitations_sent", "feedback_meeting", meeting.id, meeting.area_id,
          recipients=meeting.sent_to)
    db.session.flush()
    mail.queue_messages(mails)
    return len(mails)
