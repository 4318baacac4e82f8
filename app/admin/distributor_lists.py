"""The distributor list for next year: submitted by coordinators, reviewed by the national admin."""
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.admin import bp
from app.admin.forms import ActionForm
from app.admin.lookups import found_or_404
from app.auth.scope import guard
from app.cards.validation import as_id
from app.core.dates import today
from app.core.forms import show_error
from app.core.errors import DomainError
from app.core.labels import DISTRIBUTOR_LIST_STATE
from app.models.distributor_list import DistributorList
from app.network import areas, distributor_lists
from app.network.scope import is_national
from app.printing import distributor_list as printed
from app.stats import exports


class PrepareForm(FlaskForm):
    area_id = HiddenField(validators=[DataRequired()])
    year = HiddenField(validators=[DataRequired()])


class ReviewForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the coordinator"), validators=[Optional(), Length(max=4000)])
    approve = SubmitField(_l("Approve the list"))
    send_back = SubmitField(_l("Send back with the comment"))


def list_or_404(list_id: int) -> DistributorList:
    return found_or_404(distributor_lists.list_in_scope(current_user, list_id))


@bp.app_template_global()
def distributor_list_summary() -> dict:
    """For the admin start page: lists waiting for the national admin's review, or the coordinator's
    lists for next year."""
    if is_national(current_user):
        return {"national": True, "waiting": distributor_lists.waiting_for_review()}
    wanted = distributor_lists.sote_area_ids(current_user) or []
    next_year = today().year + 1
    lists = [found for found in distributor_lists.lists_for(current_user) if found.year == next_year]
    return {"national": False, "sote": bool(wanted), "year": next_year, "lists": lists,
            "states": DISTRIBUTOR_LIST_STATE}


@bp.route("/admin/distributor-lists")
@guard("coordinator", "national_admin")
def distributor_lists_page():
    next_year = today().year + 1
    own = [] if is_national(current_user) else areas.visible_areas(current_user, "distributor")
    lists = distributor_lists.lists_for(current_user)
    by_area = {(found.area_id, found.year): found for found in lists}
    return render_template("admin/distributor_lists/list.html", lists=lists, national=is_national(current_user),
                           waiting=[found for found in lists if found.state == "submitted"],
                           own=[(area, by_area.get((area.id, next_year))) for area in own], next_year=next_year,
                           states=DISTRIBUTOR_LIST_STATE, form=PrepareForm())


@bp.route("/admin/distributor-lists/prepare", methods=["POST"])
@guard("coordinator", "national_admin")
def distributor_list_prepare():
    form = PrepareForm()
    if not form.validate_on_submit():
        abort(400)
    area = areas.area_in_scope(current_user, as_id(form.area_id.data))
    year = as_id(form.year.data)
    if area is None or not distributor_lists.coordinates(current_user, area.id):
        abort(404)
    prepared = distributor_lists.prepare(current_user, area, year or 0, today=today())
    flash(_("The list was prepared from the organisations as they are now. Check it and submit it."), "info")
    return redirect(url_for("admin.distributor_list", list_id=prepared.id))


def detail_page(dlist: DistributorList, review_form: ReviewForm, status: int = 200):
    national = is_national(current_user)
    return render_template("admin/distributor_lists/detail.html", dlist=dlist, national=national,
                           states=DISTRIBUTOR_LIST_STATE, review_form=review_form, prepare_form=PrepareForm(),
                           editable=dlist.state in distributor_lists.EDITABLE,
                           may_review=national and dlist.state == "submitted",
                           lang=str(get_locale()), this_year=today().year), status


@bp.route("/admin/distributor-lists/<int:list_id>")
@guard("coordinator", "national_admin")
def distributor_list(list_id):
    return detail_page(list_or_404(list_id), ReviewForm())


@bp.route("/admin/distributor-lists/<int:list_id>/submit", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def distributor_list_submit(list_id):
    dlist = list_or_404(list_id)
    form = ActionForm()
    if form.validate_on_submit():
        distributor_lists.submit(current_user, dlist)
        flash(_("The list was sent to the national centre for review."), "info")
        return redirect(url_for("admin.distributor_list", list_id=dlist.id))
    if dlist.state not in distributor_lists.EDITABLE:
        return redirect(url_for("admin.distributor_list", list_id=dlist.id))
    return render_template("admin/distributor_lists/submit.html", dlist=dlist, form=form), 400 if form.errors else 200


@bp.route("/admin/distributor-lists/<int:list_id>/review", methods=["POST"])
@guard("national_admin")
def distributor_list_review(list_id):
    dlist = list_or_404(list_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return detail_page(dlist, form, 400)
    approve = bool(form.approve.data)
    try:
        distributor_lists.review(current_user, dlist, approve=approve, comment=form.comment.data or "")
    except DomainError as err:
        show_error(form, err)
        return detail_page(dlist, form, err.status)
    flash(_("The list was approved.") if approve else _("The list was sent back to the coordinator."), "info")
    return redirect(url_for("admin.distributor_list", list_id=dlist.id))


@bp.route("/admin/distributor-lists/<int:list_id>.<any(csv, xlsx, pdf):fmt>")
@guard("coordinator", "national_admin")
def distributor_list_export(list_id, fmt):
    dlist = list_or_404(list_id)
    lang = str(get_locale())
    stem = f"kaikukortti-jakajat-{dlist.area.name}-{dlist.year}"
    if fmt == "csv":
        data, mimetype = exports.to_csv(printed.headers(), printed.rows(dlist, lang)), exports.CSV_MIMETYPE
    elif fmt == "xlsx":
        data = exports.to_xlsx(printed.headers(), printed.rows(dlist, lang), title=str(dlist.year))
        mimetype = exports.XLSX_MIMETYPE
    else:
        data, mimetype = printed.render_pdf(dlist, lang), "application/pdf"
    response = make_response(data)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{exports.filename(stem, fmt)}"'
    return response

