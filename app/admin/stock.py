"""Card stock: coordinators hand out cards to their distributor sites and answer requests for more."""
from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin import bp
from app.admin.forms import CloseForm, handle_form, stock_forms
from app.admin.lookups import area_or_404, found_or_404
from app.auth.scope import guard
from app.network.scope import coordinator_areas, is_national
from app.cards import stock
from app.cards.validation import as_id
from app.core.audit import current_actor
from app.core.forms import submit
from app.core.labels import CARD_KIND
from app.models import Area, Organisation, StockRequest
from app.network import areas


def site_in_area(area_id: int, site_id: str | None) -> Organisation:
    return found_or_404(areas.distributor_in_area(area_id, as_id(site_id)))


SITES_PER_PAGE = 50


def stock_page(area, by_count, by_range, status=200):
    """The area's sites a page at a time (one site more is read to tell whether another page follows)."""
    page = request.args.get("page", 1, type=as_id) or 1
    sites = stock.site_stock(area.id, number=page, size=SITES_PER_PAGE, look_ahead=1)
    if page > 1 and not sites:
        abort(404)
    return render_template(
        "admin/stock/area.html", area=area, areas=areas.visible_areas(current_user, "distributor"),
        sites=sites[:SITES_PER_PAGE], page=page, more=len(sites) > SITES_PER_PAGE,
        unallocated=stock.area_unallocated(area.id), requests=stock.open_requests([area.id]), kinds=CARD_KIND,
        by_count=by_count, by_range=by_range), status


@bp.route("/admin/stock")
@guard("coordinator", "national_admin")
def stock_start():
    visible = areas.visible_areas(current_user, "distributor")
    wanted = request.args.get("area", type=as_id)
    if wanted is None and len(visible) == 1:
        wanted = visible[0].id
    if wanted is None:
        return render_template("admin/stock/choose.html", areas=visible,
                               requests=stock.open_requests(None if is_national() else [a.id for a in visible]))
    area = area_or_404(wanted)
    areas.require_distributor_side(current_user, area.id)
    return stock_page(area, *stock_forms(current_user, area.id))


def allocate(area_id: int, by: str, hand_out: Callable[[Area, FlaskForm], int]):
    """Hand out cards with the form `by` ("count" or "range"): back to the area's stock, or its page with errors."""
    area = area_or_404(area_id)
    areas.require_distributor_side(current_user, area.id)
    by_count, by_range = stock_forms(current_user, area.id)
    form = by_count if by == "count" else by_range
    given, status = submit(form, lambda: hand_out(area, form))
    if given is not None:
        flash(_("%(count)d cards allocated.", count=given), "info")
        return redirect(url_for("admin.stock_start", area=area.id))
    return stock_page(area, by_count, by_range, status)


@bp.route("/admin/stock/<int:area_id>/count", methods=["POST"])
@guard("coordinator", "national_admin")
def stock_allocate_count(area_id):
    return allocate(area_id, "count", lambda area, form: stock.allocate_count(
        site_in_area(area.id, form.site.data), form.count.data, kind=form.kind.data,
        series_id=as_id(form.series.data), national=is_national(), actor=current_actor()))


@bp.route("/admin/stock/<int:area_id>/range", methods=["POST"])
@guard("coordinator", "national_admin")
def stock_allocate_range(area_id):
    return allocate(area_id, "range", lambda area, form: stock.allocate_range(
        site_in_area(area.id, form.site.data), as_id(form.series.data) or 0, form.first.data,
        form.last.data, national=is_national(), actor=current_actor()))


def request_or_404(request_id: int) -> tuple[StockRequest, Organisation]:
    stock_request, site = stock.request_and_site(request_id)
    if site is None or not (is_national() or site.area_id in coordinator_areas()):
        abort(404)
    return stock_request, site


@bp.route("/admin/stock/requests/<int:request_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def stock_request(request_id):
    stock_request, site = request_or_404(request_id)
    areas.require_distributor_side(current_user, site.area_id)
    handle = handle_form(current_user, site.area_id, stock_request.count)
    close = CloseForm(prefix="close")
    status = 200
    if request.method == "POST" and stock_request.handled_at is None:
        if request.form.get("action") == "close":
            done, status = submit(close, lambda: stock.handle_request(stock_request, national=is_national(),
                                                                      actor=current_actor()))
        else:
            done, status = submit(handle, lambda: stock.handle_request(
                stock_request, count=handle.count.data, kind=handle.kind.data,
                series_id=int(handle.series.data or 0) or None, national=is_national(), actor=current_actor()))
        if done is not None:
            flash(_("Request handled: %(count)d cards allocated to %(site)s.", count=done, site=site.name), "info")
            return redirect(url_for("admin.stock_start", area=site.area_id))
    return render_template("admin/stock/request.html", stock_request=stock_request, site=site, handle=handle,
                           close=close, held=stock.unissued_count(site)), status
