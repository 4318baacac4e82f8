"""Card stock: coordinators hand out cards to their distributor sites and answer requests for more."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired

from app.admin import bp
from app.admin.card_scope import actor, area_or_404, require_distributor_side, submit, visible_areas
from app.auth.scope import coordinator_areas, guard, is_national
from app.cards import stock
from app.printing.jobs import KIND
from app.cards.validation import as_id
from app.extensions import db
from app.models import CardSeries, Organisation, StockRequest

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
CARD_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class CountForm(FlaskForm):
    site = SelectField(_l("Distributor site"), validators=[DataRequired(message=_l("Choose the site."))])
    kind = SelectField(_l("Kind"), choices=list(KIND.items()))
    series = SelectField(_l("From series"), validate_choice=False)
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw=NUMERIC)


class RangeForm(FlaskForm):
    site = SelectField(_l("Distributor site"), validators=[DataRequired(message=_l("Choose the site."))])
    series = SelectField(_l("Series"), validators=[DataRequired(message=_l("Choose the series."))])
    first = StringField(_l("First card"), validators=[DataRequired(message=_l("Type the first card number."))],
                        render_kw=CARD_INPUT)
    last = StringField(_l("Last card"), validators=[DataRequired(message=_l("Type the last card number."))],
                       render_kw=CARD_INPUT)


class HandleForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(KIND.items()))
    series = SelectField(_l("From series"), validate_choice=False)
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw=NUMERIC)


class CloseForm(FlaskForm):
    confirm = BooleanField(_l("Yes, close the request without sending cards"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


def series_choices(area_id: int) -> list[tuple[str, str]]:
    query = select(CardSeries).where(CardSeries.area_id == area_id)
    if is_national():
        query = select(CardSeries).where(or_(CardSeries.area_id == area_id, CardSeries.area_id.is_(None)))
    found = db.session.scalars(query.order_by(CardSeries.id.desc()))
    return [(str(s.id), _("Series %(id)d (%(kind)s, %(count)d cards)", id=s.id, kind=KIND[s.kind], count=s.count))
            for s in found]


def site_in_area(area_id: int, site_id: str | None) -> Organisation:
    site = db.session.get(Organisation, as_id(site_id)) if as_id(site_id) else None
    if site is None or site.kind != "distributor" or site.area_id != area_id:
        abort(404)
    return site


def stock_forms(area_id: int):
    sites = [(str(s.id), s.name) for s, _held, _asked in stock.site_stock(area_id)]
    series = series_choices(area_id)
    by_count, by_range = CountForm(prefix="count"), RangeForm(prefix="range")
    by_count.site.choices = by_range.site.choices = [("", _("Choose"))] + sites
    by_count.series.choices = [("", _("Any series"))] + series
    by_range.series.choices = [("", _("Choose"))] + series
    return by_count, by_range


def stock_page(area, by_count, by_range, status=200):
    return render_template(
        "admin/stock/area.html", area=area, areas=visible_areas("distributor"), sites=stock.site_stock(area.id),
        unallocated=stock.area_unallocated(area.id), requests=stock.open_requests([area.id]), kinds=KIND,
        by_count=by_count, by_range=by_range), status


@bp.route("/admin/stock")
@guard("coordinator", "national_admin")
def stock_start():
    areas = visible_areas("distributor")
    wanted = request.args.get("area", type=as_id)
    if wanted is None and len(areas) == 1:
        wanted = areas[0].id
    if wanted is None:
        return render_template("admin/stock/choose.html", areas=areas,
                               requests=stock.open_requests(None if is_national() else [a.id for a in areas]))
    area = area_or_404(wanted)
    require_distributor_side(area.id)
    return stock_page(area, *stock_forms(area.id))


@bp.route("/admin/stock/<int:area_id>/count", methods=["POST"])
@guard("coordinator", "national_admin")
def stock_allocate_count(area_id):
    area = area_or_404(area_id)
    require_distributor_side(area.id)
    by_count, by_range = stock_forms(area.id)
    given, status = submit(by_count, lambda: stock.allocate_count(
        site_in_area(area.id, by_count.site.data), by_count.count.data, kind=by_count.kind.data,
        series_id=as_id(by_count.series.data), national=is_national(), actor=actor()))
    if given is not None:
        flash(_("%(count)d cards allocated.", count=given), "info")
        return redirect(url_for("admin.stock_start", area=area.id))
    return stock_page(area, by_count, by_range, status)


@bp.route("/admin/stock/<int:area_id>/range", methods=["POST"])
@guard("coordinator", "national_admin")
def stock_allocate_range(area_id):
    area = area_or_404(area_id)
    require_distributor_side(area.id)
    by_count, by_range = stock_forms(area.id)
    given, status = submit(by_range, lambda: stock.allocate_range(
        site_in_area(area.id, by_range.site.data), as_id(by_range.series.data) or 0, by_range.first.data,
        by_range.last.data, national=is_national(), actor=actor()))
    if given is not None:
        flash(_("%(count)d cards allocated.", count=given), "info")
        return redirect(url_for("admin.stock_start", area=area.id))
    return stock_page(area, by_count, by_range, status)


def request_or_404(request_id: int) -> tuple[StockRequest, Organisation]:
    stock_request = db.session.get(StockRequest, request_id)
    site = db.session.get(Organisation, stock_request.site_id) if stock_request else None
    if site is None or not (is_national() or site.area_id in coordinator_areas()):
        abort(404)
    return stock_request, site


@bp.route("/admin/stock/requests/<int:request_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def stock_request(request_id):
    stock_request, site = request_or_404(request_id)
    require_distributor_side(site.area_id)
    handle = HandleForm(prefix="handle", data={"count": str(stock_request.count)})
    handle.series.choices = [("", _("Any series"))] + series_choices(site.area_id)
    close = CloseForm(prefix="close")
    status = 200
    if request.method == "POST" and stock_request.handled_at is None:
        if request.form.get("action") == "close":
            done, status = submit(close, lambda: stock.handle_request(stock_request, national=is_national(),
                                                                      actor=actor()))
        else:
            done, status = submit(handle, lambda: stock.handle_request(
                stock_request, count=handle.count.data, kind=handle.kind.data,
                series_id=int(handle.series.data or 0) or None, national=is_national(), actor=actor()))
        if done is not None:
            flash(_("Request handled: %(count)d cards allocated to %(site)s.", count=done, site=site.name), "info")
            return redirect(url_for("admin.stock_start", area=site.area_id))
    return render_template("admin/stock/request.html", stock_request=stock_request, site=site, handle=handle,
                           close=close, held=stock.unissued_count(site)), status
