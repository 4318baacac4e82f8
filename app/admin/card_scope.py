"""What the card-series, stock, import and annual-cycle views share: who acts, which areas, form errors."""
from datetime import date

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.auth.scope import coordinator_areas, is_national
from app.core.errors import DomainError
from app.core.audit import Actor
from app.extensions import db
from app.models import Area
from app.models.base import helsinki_date, utcnow


def actor() -> Actor:
    return Actor(user_id=current_user.id)


def today() -> date:
    return helsinki_date(utcnow())


def visible_areas(side: str | None = None) -> list[Area]:
    """All areas for the national admin; else the coordinator's (only those where it looks after `side`)."""
    query = select(Area).order_by(Area.name)
    if not is_national():
        query = query.where(Area.id.in_([a for a, kinds in coordinator_areas().items() if not side or side in kinds]))
    return list(db.session.scalars(query))


def area_or_404(area_id: int | None) -> Area:
    area = db.session.get(Area, area_id) if area_id else None
    if area is None or not (is_national() or area.id in coordinator_areas()):
        abort(404)
    return area


def require_distributor_side(area_id: int) -> None:
    """Stock belongs to the sote side: a culture-only coordinator may look but not hand out cards."""
    if not is_national() and "distributor" not in coordinator_areas().get(area_id, set()):
        raise DomainError("not_sote_side", _("Only the coordinator of distributors hands out cards."), status=403)


def submit(form: FlaskForm, action):
    """Run `action` for a valid posted form: (result, status); errors go next to their fields."""
    if not form.validate_on_submit():
        return None, 400 if form.errors else 200
    try:
        return action(), 200
    except DomainError as err:
        if err.field in form:
            form[err.field].errors = [*form[err.field].errors, err.message]
        else:
            form.form_errors.append(err.message)
        return None, err.status
