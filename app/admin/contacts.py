"""Contacts (/admin/contacts): each area's coordinators' contact details and feedback e-mail, kept by the
area's coordinators (the national admin sees every area); the changes the national centre has not yet
seen, on its start page (partials/year/admin_contacts.html), and the areas' coordination commitment state."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.contact_forms import ContactForm, FeedbackEmailForm, SeenForm
from app.admin.forms import ActionForm
from app.admin.lookups import area_or_404, found_or_404
from app.auth.scope import guard
from app.cards.validation import as_id
from app.core.forms import submit
from app.core.labels import AUDIT_FIELD, CONTACT_CHANGE_KIND, COORDINATION_SIDE, SIDE
from app.models.contact import AreaContact
from app.network import areas, contacts, coordination
from app.network.scope import is_national

LABELS = {"sides": COORDINATION_SIDE, "fields": AUDIT_FIELD, "kinds": CONTACT_CHANGE_KIND}


@bp.app_template_global()
def contact_labels() -> dict:
    return LABELS


@bp.app_template_global()
def contacts_start() -> dict:
    """The admin start page's part: unseen contact changes for the national admin; for a coordinator, the
    areas where their side has not yet acknowledged the latest coordination commitment."""
    if is_national():
        return {"national": True, "changes": contacts.unseen(), "form": SeenForm()}
    version = coordination.latest()
    waiting = [s for s in coordination.states(current_user, version) if s.to_acknowledge] if version else []
    return {"national": False, "waiting": waiting, "version": version}


@bp.route("/admin/contacts")
@guard("coordinator", "national_admin")
def contacts_list():
    shown = [area for area in areas.visible_areas(current_user) if area.active]
    return render_template("admin/contacts/index.html", areas=shown,
                           contacts=contacts.contacts_by_area([a.id for a in shown]),
                           changes=contacts.recent(current_user), national=is_national(), form=SeenForm())


@bp.route("/admin/contacts/<int:area_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def contacts_area(area_id: int):
    area = area_or_404(area_id)
    form = FeedbackEmailForm(feedback_email=area.feedback_email)
    done, status = submit(form, lambda: contacts.set_feedback_email(current_user, area, form.feedback_email.data or "")
                          or True)
    if done:
        flash(_("The feedback e-mail was saved."), "info")
        return redirect(url_for("admin.contacts_area", area_id=area.id))
    return render_template("admin/contacts/area.html", area=area, form=form,
                           contacts=contacts.contacts_by_area([area.id]).get(area.id, [])), status


def contact_form(area, contact: AreaContact | None) -> ContactForm:
    form = ContactForm(obj=contact)
    form.user_id.choices = [(0, _("None: not a user of Kaikukanta"))] + [
        (user.id, f"{user.email} ({SIDE[side]})") for user, side in contacts.coordinators_of(area.id)]
    return form


def save(area, contact: AreaContact | None):
    form = contact_form(area, contact)

    def data() -> contacts.ContactData:
        return contacts.ContactData(side=form.side.data, name=form.name.data or "", title=form.title.data or "",
                                    email=form.email.data or "", phone=form.phone.data or "",
                                    public=form.public.data, user_id=form.user_id.data or None)

    saved, status = submit(form, lambda: contacts.save_contact(current_user, area, contact, data()))
    if saved is not None:
        flash(_("The contact was saved. The national centre is told of the change."), "info")
        return redirect(url_for("admin.contacts_area", area_id=area.id))
    return render_template("admin/contacts/contact.html", area=area, contact=contact, form=form), status


@bp.route("/admin/contacts/<int:area_id>/new", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def contact_new(area_id: int):
    return save(area_or_404(area_id), None)


@bp.route("/admin/contacts/<int:area_id>/<int:contact_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def contact_edit(area_id: int, contact_id: int):
    area = area_or_404(area_id)
    return save(area, found_or_404(contacts.contact_in_area(area, contact_id)))


@bp.route("/admin/contacts/<int:area_id>/<int:contact_id>/remove", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def contact_remove(area_id: int, contact_id: int):
    area = area_or_404(area_id)
    contact = found_or_404(contacts.contact_in_area(area, contact_id))
    form = ActionForm()
    if form.validate_on_submit():
        contacts.remove_contact(current_user, area, contact)
        flash(_("The contact was removed. The national centre is told of the change."), "info")
        return redirect(url_for("admin.contacts_area", area_id=area.id))
    return render_template("admin/contacts/remove.html", area=area, contact=contact, form=form)


@bp.route("/admin/contacts/changes/seen", methods=["POST"])
@guard("national_admin")
def contact_changes_seen():
    form = SeenForm()
    if form.validate_on_submit():
        # No id: every unseen change; an id that is not a number marks nothing.
        wanted = None if not form.change.data else [i for i in [as_id(form.change.data)] if i]
        count = contacts.mark_seen(current_user, wanted)
        flash(_("Marked as seen: %(num)d.", num=count), "info")
    return redirect(url_for("admin.start"))
