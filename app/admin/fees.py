"""The yearly database fee, for the national admin: a year's total, the areas' own agreed shares,
and the invoice basis as a table, CSV (Finnish Excel or plain, the same columns as `flask fees
split`), XLSX and PDF (headings and payers in words, for people)."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import FeeTotalForm, fee_agreement_form
from app.auth.scope import guard
from app.core.errors import DomainError
from app.core.forms import submit
from app.core.labels import FEE_COLUMN, FEE_PARTY
from app.network import areas, fees as fee_settings
from app.printing.fee_basis import money, number, render_fee_basis
from app.stats import exports, fees as fee_split

def basis_or_refusal(year: int) -> tuple[fee_split.FeeSplit | None, str | None]:
    try:
        return fee_split.stored_split(year, str(get_locale())), None
    except DomainError as err:
        return None, err.message


@bp.route("/admin/fees", methods=["GET", "POST"])
@guard("national_admin")
def fees():
    form = FeeTotalForm()
    saved, status = submit(form, lambda: fee_settings.set_total(current_user, form.year.data, form.total.data,
                                                                form.replace.data))
    if saved is not None:
        flash(_("The total for %(year)d was saved.", year=saved.year), "info")
        return redirect(url_for("admin.fee_year", year=saved.year))
    return render_template("admin/fees/index.html", form=form, years=fee_settings.years(), money=money), status


@bp.route("/admin/fees/<int:year>", methods=["GET", "POST"])
@guard("national_admin")
def fee_year(year):
    fee = fee_split.stored_fee(year) or abort(404)
    form = fee_agreement_form()
    # Emptying both shares removes an agreement and returns None, which still counts as done.
    saved, status = submit(form, lambda: fee_settings.set_agreement(
        current_user, year, form.area_id.data, form.municipalities.data, form.county.data) or True)
    if saved is not None:
        flash(_("The agreed share was saved."), "info")
        return redirect(url_for("admin.fee_year", year=year))
    basis, refusal = basis_or_refusal(year)
    return render_template("admin/fees/year.html", fee=fee, basis=basis, refusal=refusal, form=form,
                           agreements=fee_settings.agreements(year), parties=FEE_PARTY, money=money,
                           number=number), status


@bp.route("/admin/fees/<int:year>/basis/<any(excel, csv, xlsx, pdf):fmt>")
@guard("national_admin")
def fee_basis_download(year, fmt):
    """`excel` is the CSV for Finnish Excel (BOM, `;`, decimal comma), `csv` plain CSV."""
    basis, refusal = basis_or_refusal(year)
    if basis is None:
        abort(404 if refusal is None else 409)
    if fmt == "pdf":
        names = areas.area_names()
        body, mimetype = render_fee_basis(basis, [names[i] for i in basis.agreed_areas]), "application/pdf"
    elif fmt == "xlsx":
        rows = [[str(FEE_PARTY[party]), *rest] for party, *rest in fee_split.table(basis, "number")]
        body = exports.to_xlsx([FEE_COLUMN[c] for c in fee_split.COLUMNS], rows,
                               title=_("Invoice basis %(year)d", year=year))
        mimetype = exports.XLSX_MIMETYPE
    else:
        rows = fee_split.table(basis, "excel" if fmt == "excel" else "plain")
        body, mimetype = exports.to_csv(fee_split.COLUMNS, rows, plain=fmt == "csv"), exports.CSV_MIMETYPE
    name = exports.filename(f"kaikukortti-fee-basis-{year}", "csv" if fmt == "excel" else fmt)
    return Response(body, content_type=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"})
