from flask import jsonify

from app.api import body_of, bp, schemas
from app.auth.scope import current_site, guard, own_site_record
from app.cards import events
from app.cards import desk
from app.models import Event
from app.models.base import helsinki_date, utcnow


def event_json(event: Event) -> dict:
    return {"event_id": event.id, "name": event.name, "starts_at": event.starts_at.isoformat() + "Z",
            "capacity": event.capacity, "quota": event.quota, "sold_out": event.sold_out}


@bp.post("/events")
@guard("venue")
def create_event():
    event = events.create_event(current_site("venue"), body_of(schemas.EventIn))
    return jsonify(event_json(event)), 201


@bp.patch("/events/<int:event_id>")
@guard("venue")
def update_event(event_id: int):
    event = own_site_record(Event, event_id)
    return jsonify(event_json(events.update_event(event, body_of(schemas.EventPatch))))


@bp.delete("/events/<int:event_id>")
@guard("venue")
def delete_event(event_id: int):
    """Only an event without recorded uses (409 otherwise)."""
    events.delete_event(own_site_record(Event, event_id))
    return "", 204


@bp.get("/events/today")
@guard("venue")
def events_today():
    """The site's events starting today (Helsinki day), with Kaikukortti tickets used so far."""
    found = events.on_day(current_site("venue"), helsinki_date(utcnow()))
    return jsonify({"events": [{**event_json(event), "used": desk.event_tickets_used(event)} for event in found]})
