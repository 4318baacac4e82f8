"""Importing cards from the previous system: upload, preview, then one all-or-nothing import."""
from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import SAMPLE_TYPES, ActionForm, upload_form
from app.admin.lookups import area_or_404
from app.auth.scope import guard
from app.network.scope import is_national
from app.cards import import_files, import_uploads
from app.cards.importer import COLUMNS, apply_import, sample_rows
from app.cards.validation import as_id
from app.core.audit import audit, current_actor
from app.core.dates import today
from app.core.forms import submit
from app.core.labels import CARD_KIND, STORED_CARD_STATE
from app.models import Area
from app.network import areas

SESSION_KEY = "card_import"
PREVIEW_ROWS = 10
SHOWN_ERRORS = 200


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
    form = upload_form(current_user)

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
                           errors=plan.errors[:SHOWN_ERRORS], form=ActionForm(), kinds=CARD_KIND,
                           states=STORED_CARD_STATE), status


@bp.route("/admin/import/sample.csv", defaults={"kind": "csv"})
@bp.route("/admin/import/sample.xlsx", defaults={"kind": "xlsx"})
@guard("coordinator", "national_admin")
def import_sample(kind):
    """A file with the header and one example row that imports cleanly into the person's (first) area."""
    first_area = [] if is_national() else [area.id for area in areas.visible_areas(current_user)[:1]]
    rows = sample_rows(today(), import_uploads.sample_municipality(first_area))
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
    if not ActionForm().validate_on_submit():
        return preview_page(token, upload, area, 400)
    path = import_uploads.path_of(token)
    plan = import_uploads.plan_for_area(path, area.id if area else None, today())
    if plan.errors:
        return preview_page(token, upload, area, 400)
    count = apply_import(plan, current_actor())
    audit(current_actor(), "import_file", "card", "-", area.id if area else None, file=upload["name"], count=count)
    path.unlink()
    session.pop(SESSION_KEY, None)
    flash(_("%(count)d cards imported.", count=count), "info")
    return redirect(url_for("admin.import_start"))


@bp.route("/admin/import/<token>/cancel", methods=["POST"])
@guard("coordinator", "national_admin")
def import_cancel(token):
    pending(token)
    if ActionForm().validate_on_submit():
        import_uploads.path_of(token).unlink()
        session.pop(SESSION_KEY, None)
        flash(_("The file was discarded; nothing was imported."), "info")
    return redirect(url_for("admin.import_start"))
