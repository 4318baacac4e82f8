"""Importing cards from the previous system: upload, preview, then one all-or-nothing import."""
from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from app.admin import bp
from app.admin.card_scope import actor, area_or_404, submit, today, visible_areas
from app.auth.scope import guard, is_national
from app.cards import import_files, import_uploads
from app.printing.jobs import KIND
from app.cards.importer import COLUMNS, apply_import, sample_rows
from app.core.audit import audit
from app.cards.validation import as_id
from app.models import Area

SESSION_KEY = "card_import"
PREVIEW_ROWS = 10
SHOWN_ERRORS = 200
STATE = {"stock": _l("Not registered"), "active": _l("Registered"), "inactivated": _l("Taken out of use")}
SAMPLE_TYPES = {"csv": "text/csv",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class UploadForm(FlaskForm):
    file = FileField(_l("CSV or Excel file (.xlsx)"), validators=[FileRequired(message=_l("Choose the file."))],
                     render_kw={"accept": ".csv,.txt,.xlsx,text/csv," + SAMPLE_TYPES["xlsx"]})
    area = SelectField(_l("Area"), validate_choice=False)


class ConfirmForm(FlaskForm):
    pass


def chosen_area(value: str | None) -> Area | None:
    """The national admin may import for no particular area; a coordinator only for its own."""
    if not value and is_national():
        return None
    return area_or_404(as_id(value))


def pending(token: str) -> tuple[dict, Area | None]:
    """The upload this session made, still on the server; anything else is not found."""
    upload = session.get(SESSION_KEY)
    if not upload or upload.get("token") != token or import_uploads.path_of(token) is None:
        abort(404)
    return upload, chosen_area(str(upload.get("area_id") or ""))


@bp.route("/admin/import", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def import_start():
    form = UploadForm()
    form.area.choices = ([("", _("All areas (from each card's municipality)"))] if is_national() else []) + [
        (str(a.id), a.name) for a in visible_areas()]

    def keep():
        area = chosen_area(form.area.data)
        token = import_uploads.store(form.file.data.stream)
        session[SESSION_KEY] = {"token": token, "area_id": area.id if area else None,
                                "name": form.file.data.filename or ""}
        return token

    token, status = submit(form, keep)
    if token is not None:
        return redirect(url_for("admin.import_preview", token=token))
    return render_template("admin/imports/upload.html", form=form, columns=COLUMNS), status


def preview_page(token: str, upload: dict, area: Area | None, status: int = 200):
    plan = import_uploads.plan_for_area(import_uploads.path_of(token), area.id if area else None, today())
    return render_template("admin/imports/preview.html", token=token, upload=upload, area=area, plan=plan,
                           counts=sorted(import_uploads.summary(plan).items()), rows=plan.cards[:PREVIEW_ROWS],
                           municipalities=import_uploads.municipalities(plan.cards[:PREVIEW_ROWS]),
                           errors=plan.errors[:SHOWN_ERRORS], form=ConfirmForm(), kinds=KIND,
                           states=STATE), status


@bp.route("/admin/import/sample.csv", defaults={"kind": "csv"})
@bp.route("/admin/import/sample.xlsx", defaults={"kind": "xlsx"})
@guard("coordinator", "national_admin")
def import_sample(kind):
    """A file with the header and one example row that imports cleanly into the person's (first) area."""
    areas = [] if is_national() else [area.id for area in visible_areas()[:1]]
    rows = sample_rows(today(), import_uploads.sample_municipality(areas))
    body = import_files.csv_bytes(rows) if kind == "csv" else import_files.xlsx_bytes(rows)
    return Response(body, mimetype=SAMPLE_TYPES[kind], headers={
        "Content-Disposition": f"attachment; filename=kaikukortti-import-sample.{kind}"})


@bp.route("/admin/import/<token>")
@guard("coordinator", "national_admin")
def import_preview(token):
    upload, area = pending(token)
    return preview_page(token, upload, area)


@bp.route("/admin/import/<token>", methods=["POST"])
@guard("coordinator", "national_admin")
def import_confirm(token):
    upload, area = pending(token)
    if not ConfirmForm().validate_on_submit():
        return preview_page(token, upload, area, 400)
    path = import_uploads.path_of(token)
    plan = import_uploads.plan_for_area(path, area.id if area else None, today())
    if plan.errors:
        return preview_page(token, upload, area, 400)
    count = apply_import(plan, actor())
    audit(actor(), "import_file", "card", "-", area.id if area else None, file=upload["name"], count=count)
    path.unlink()
    session.pop(SESSION_KEY, None)
    flash(_("%(count)d cards imported.", count=count), "info")
    return redirect(url_for("admin.import_start"))


@bp.route("/admin/import/<token>/cancel", methods=["POST"])
@guard("coordinator", "national_admin")
def import_cancel(token):
    pending(token)
    if ConfirmForm().validate_on_submit():
        import_uploads.path_of(token).unlink()
        session.pop(SESSION_KEY, None)
        flash(_("The file was discarded; nothing was imported."), "info")
    return redirect(url_for("admin.import_start"))
