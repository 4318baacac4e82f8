"""The ticket desk: the scan screen and the venue's events. Rules stay in app.cards; these only render."""
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.scope import guard, own_site_record
from app.network.scope import own_sites
from app.cards import events as event_rules
from app.core.errors import DomainError
from app.models import Event, NationalSettings, Organisation
from app.models.base import helsinki_date, to_helsinki, utcnow
from app.scanning import bp


def desk_strings(settings: NationalSettings) -> dict[str, str]:
    """Everything the desk's JavaScript shows, translated here so that the JS holds no text."""
    return {
        "title_ok": _("Valid"), "title_warning": _("Check before recording"), "title_error": _("Not valid"),
        "valid_until": _("Valid until"), "children_allowed": _("Children allowed"), "kind": _("Card type"),
        "kind_client": _("Personal card"), "kind_community": _("Community card"),
        "earlier_use": _("Used here earlier today at"), "quota": _("Kaikukortti quota used"),
        "card": _("Card"), "check_number": _("Check the number: this is not a valid card number."),
        "checking": _("Checking the card…"), "recording": _("Recording…"),
        "recorded": _("Recorded. Ready for the next card."),
        "camera_starting": _("Starting the camera…"),
        "camera_ready": _("Point the camera at the card's QR code or barcode."),
        "camera_denied": _("The camera cannot be used: permission was denied. Allow the camera in the "
                           "browser settings, take a photo, or type the card number."),
        "camera_missing": _("No camera was found. Take a photo or type the card number."),
        "decoder_missing": _("This browser cannot read codes from the camera. Take a photo or type the "
                             "card number."),
        "torch_on": _("Light on"), "torch_off": _("Light off"),
        "photo_reading": _("Reading the photo…"),
        "photo_none": _("No card code was found in the photo. Hold the card closer, or type the number."),
        "photo_many": _("The photo shows several cards. Photograph one card at a time."),
        "offline": _("No connection to the server. Check the network and try again."),
        "failed": _("Something went wrong. Try again."),
        "no_uses": _("No uses recorded here today."), "undone": _("Undone"), "undo": _("Undo"),
        "undo_confirm": _("Undo this use of card %(card)s at %(time)s?", card="{card}", time="{time}"),
        "tickets": _("holder %(adults)s, children %(children)s, assistants %(assistants)s",
                     adults="{adults}", children="{children}", assistants="{assistants}"),
        "warning_use": _("Recorded again today"),
        "no_event": _("No event"),
        "group_limit": _("Group limit: %(count)d people", count=settings.group_limit),
        "offline_title": _("No connection"),
        "offline_check": _("The card cannot be checked now. You can record the use unchecked: it is saved on "
                           "this device and checked when the connection returns."),
        "unchecked_children": _("Not checked: enter the children who came with the holder."),
        "queued": _("Saved on this device. It will be sent when the connection returns."),
        "queue_failed": _("The use could not be saved on this device. Write the card number down."),
        "queue_one": _("1 use waiting to be sent"),
        "queue_many": _("%(count)s uses waiting to be sent", count="{count}"),
        "waiting": _("Waiting to be sent"), "sent_later": _("Sent after a break in the connection"),
        "not_recorded": _("Not recorded"), "dismiss": _("Dismiss"),
        "title_quota_full": _("Event full"), "title_sold_out": _("Event sold out"),
        "title_site": _("Your site cannot record uses"), "title_count": _("Check the number of people"),
        "record_event": _("Event: %(name)s", name="{name}"),
        "children_exceeded": _("Too many children: this card allows %(count)s.", count="{count}"),
        "group_too_large": _("Group too large: a community card admits at most %(count)d people.",
                             count=settings.group_limit),
    }


def chosen_site() -> Organisation | None:
    """The venue site named by `site`, the only one the user has, or None when they must choose."""
    sites = own_sites("venue")
    wanted = request.values.get("site")
    if wanted:
        for site in sites:
            if str(site.id) == wanted:
                return site
        abort(403)
    return sites[0] if len(sites) == 1 else None


def choose_site(endpoint: str):
    return render_template("scanning/choose_site.html", sites=own_sites("venue"), endpoint=endpoint)


@bp.route("/scan")
@guard("venue")
def start():
    site = chosen_site()
    if site is None:
        return choose_site("scanning.start")
    settings = NationalSettings.current()
    return render_template("scanning/desk.html", site=site, strings=desk_strings(settings),
                           api_base=current_app.blueprints["api"].url_prefix,
                           site_param=site.id if len(own_sites("venue")) > 1 else None)


def event_form_data() -> dict:
    form = request.form
    return {"name": form.get("name"), "starts_at": form.get("starts_at"), "capacity": form.get("capacity"),
            "quota": form.get("quota") or None, "sold_out": "sold_out" in form}


def flash_saved(event: Event, saved: str) -> None:
    """The save message, and a clear note when the event's start is already behind us: allowed (a
    late entry), but the desk offers only today's events."""
    flash(saved, "success")
    now = utcnow()
    if event.starts_at < now:
        note = _("This event started in the past.")
        if helsinki_date(event.starts_at) < helsinki_date(now):
            note += " " + _("The ticket desk offers only today's events, so no uses can be recorded for it.")
        flash(note, "warning")


def form_values(event: Event | None) -> dict:
    if event is None:
        start = to_helsinki(utcnow() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        return {"name": "", "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "capacity": "", "quota": "",
                "sold_out": False}
    return {"name": event.name, "starts_at": to_helsinki(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "capacity": event.capacity, "quota": "" if event.quota is None else event.quota,
            "sold_out": event.sold_out}


@bp.route("/scan/events", methods=["GET", "POST"])
@guard("venue")
def events():
    site = chosen_site()
    if site is None:
        return choose_site("scanning.events")
    error, values = None, form_values(None)
    if request.method == "POST":
        try:
            event = event_rules.create_event(site, event_form_data())
        except DomainError as err:
            error, values = err, {**request.form, "sold_out": "sold_out" in request.form}
        else:
            flash_saved(event, _("Event created: %(name)s, Kaikukortti quota %(quota)d.", name=event.name,
                                 quota=event.quota))
            return redirect(url_for("scanning.events", site=request.values.get("site")))
    return render_template("scanning/events.html", site=site, events=event_rules.upcoming(site, helsinki_date(utcnow())),
                           past_events=event_rules.history(site, helsinki_date(utcnow())),
                           history_days=event_rules.HISTORY_DAYS, values=values, error=error,
                           quota_percent=NationalSettings.current().quota_percent), 400 if error else 200


@bp.route("/scan/events/<int:event_id>", methods=["GET", "POST"])
@guard("venue")
def edit_event(event_id: int):
    event = own_site_record(Event, event_id)
    error, values = None, form_values(event)
    if request.method == "POST":
        try:
            event_rules.update_event(event, event_form_data())
        except DomainError as err:
            error, values = err, {**request.form, "sold_out": "sold_out" in request.form}
        else:
            flash_saved(event, _("Event saved."))
            return redirect(url_for("scanning.events", site=event.venue_id))
    return render_template("scanning/event_edit.html", event=event, values=values, error=error,
                           quota_percent=NationalSettings.current().quota_percent), 400 if error else 200


@bp.route("/scan/events/<int:event_id>/delete", methods=["GET", "POST"])
@guard("venue")
def delete_event(event_id: int):
    """Asks first; an event with recorded uses is kept (409) and the page says why."""
    event = own_site_record(Event, event_id)
    row = event_rules.with_counts([event])[0]
    error = None
    if request.method == "POST":
        name, venue_id = event.name, event.venue_id
        try:
            event_rules.delete_event(event)
        except DomainError as err:
            error = err
        else:
            flash(_("Event deleted: %(name)s.", name=name), "success")
            return redirect(url_for("scanning.events", site=venue_id))
    return render_template("scanning/event_delete.html", row=row, error=error), 409 if error or row.has_uses else 200
