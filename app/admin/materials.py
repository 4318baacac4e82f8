"""Materials (/admin/materials): induction and communication materials for each role; opening one
(/materials/<id>) for anyone it is meant for; what each start page lists, and the "start here" banner."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActionForm
from app.admin.lookups import area_or_404, found_or_404
from app.admin.material_forms import MaterialForm
from app.auth.scope import guard
from app.cards.validation import as_id
from app.core.audit import current_actor
from app.core.errors import DomainError
from app.core.forms import submit
from app.core.labels import MATERIAL_AUDIENCE, MATERIAL_KIND, MATERIAL_LANGUAGE
from app.models.material import Material
from app.network import areas, materials
from app.network.material_files import MAX_BYTES, check_file
from app.network.scope import is_national

LABELS = {"audiences": MATERIAL_AUDIENCE, "kinds": MATERIAL_KIND, "languages": MATERIAL_LANGUAGE}
# The start pages that list a site's materials, and whose staff they are for.
SITE_KIND_OF_PAGE = {"issuing": "distributor", "scanning": "venue"}


def managed_or_404(material_id: int) -> Material:
    material = found_or_404(materials.find(material_id))
    if material.withdrawn_at is not None or not materials.can_manage(material, current_user):
        abort(404)
    return material


def material_form(material: Material | None = None) -> MaterialForm:
    form = MaterialForm(obj=material)
    form.area.choices = [] if is_national() else [(str(a.id), a.name) for a in areas.visible_areas(current_user)]
    return form


def uploaded(form: MaterialForm):
    """The checked file from the form, or None when none was chosen."""
    file = form.file.data
    if file is None or not getattr(file, "filename", ""):
        return None
    return check_file(file.filename, file.stream)


def chosen_area_id(form: MaterialForm) -> int | None:
    """None (national) for the national admin; else one of the coordinator's areas."""
    if is_national():
        return None
    choices = form.area.choices
    if len(choices) == 1:
        return area_or_404(as_id(choices[0][0])).id
    if not form.area.data:
        raise DomainError("choose_area", _("Choose the area."), field="area")
    return area_or_404(as_id(form.area.data)).id


def form_page(form: MaterialForm, material: Material | None, status: int):
    return render_template("admin/materials/form.html", form=form, material=material, national=is_national(),
                           max_mb=MAX_BYTES // (1024 * 1024), labels=LABELS), status


@bp.route("/admin/materials")
@guard("coordinator", "national_admin")
def materials_list():
    names = {a.id: a.name for a in areas.visible_areas(current_user)}
    return render_template("admin/materials/list.html", items=materials.for_admin(current_user), area_names=names,
                           national=is_national(), can_manage=materials.can_manage, lang=str(get_locale()), labels=LABELS)


@bp.route("/admin/materials/new", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def material_new():
    form = material_form()
    made, status = submit(form, lambda: materials.publish(form.data, uploaded(form), chosen_area_id(form),
                                                          current_user, current_actor()))
    if made is not None:
        flash(_("Material published."), "info")
        return redirect(url_for("admin.materials_list"))
    return form_page(form, None, status)


@bp.route("/admin/materials/<int:material_id>/edit", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def material_edit(material_id):
    material = managed_or_404(material_id)
    form = material_form(material)
    done, status = submit(form, lambda: materials.edit(material, form.data, uploaded(form), current_user,
                                                       current_actor()) or True)
    if done:
        flash(_("Material saved."), "info")
        return redirect(url_for("admin.materials_list"))
    return form_page(form, material, status)


@bp.route("/admin/materials/<int:material_id>/withdraw", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def material_withdraw(material_id):
    material = managed_or_404(material_id)
    form = ActionForm()
    if form.validate_on_submit():
        materials.withdraw(material, current_user, current_actor())
        flash(_("Material withdrawn."), "info")
        return redirect(url_for("admin.materials_list"))
    return render_template("admin/materials/withdraw.html", material=material, form=form, lang=str(get_locale()),
                           labels=LABELS), 400 if request.method == "POST" else 200


@bp.route("/materials/<int:material_id>")
@guard("national_admin", "coordinator", "distributor", "venue")
def material_open(material_id):
    """Records the opening, then the file as a download, or off to the link."""
    material = found_or_404(materials.find(material_id))
    if not materials.visible_to(material, current_user):
        abort(404)
    materials.record_opening(material, current_user.id)
    if material.link_url:
        return redirect(material.link_url)
    response = send_file(BytesIO(materials.file_of(material) or b""), mimetype=material.content_type,
                         as_attachment=True, download_name=material.file_name or f"material-{material.id}",
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# What the start pages and base.html show

@bp.app_template_global()
def materials_for_site_staff() -> list[materials.Listed]:
    """For the distributor start page (/issue) and the venue desk (/scan): what is meant for that staff."""
    kind = SITE_KIND_OF_PAGE.get(request.blueprint or "")
    if kind is None or not current_user.is_authenticated or current_user.api_key is not None:
        return []
    return materials.for_staff(current_user, kind)


@bp.app_template_global()
def materials_for_coordinators() -> list[materials.Listed]:
    return materials.for_coordinators(current_user) if current_user.is_authenticated else []


@bp.app_template_global()
def materials_start_here() -> Material | None:
    """The induction item a member of staff should open first; nothing for anonymous visitors or API keys."""
    if not current_user.is_authenticated or getattr(current_user, "api_key", None) is not None:
        return None
    if not {"distributor", "venue"} & current_user.roles:
        return None
    return materials.start_here(current_user, str(get_locale()))


@bp.app_template_global()
def material_labels() -> dict:
    return LABELS
