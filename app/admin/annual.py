"""The coordinators' year: each area's checklist for a year, ticked off and edited by its coordinators."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActionForm, TaskForm
from app.admin.lookups import area_or_404, found_or_404
from app.auth.scope import guard
from app.core.audit import current_actor
from app.core.dates import today
from app.core.forms import submit
from app.models import AnnualTask
from app.network import annual, areas


def task_or_404(task_id: int) -> AnnualTask:
    task = found_or_404(annual.find_task(task_id))
    area_or_404(task.area_id)
    return task


def back_to(task: AnnualTask):
    return redirect(url_for("admin.annual_checklist", area_id=task.area_id, year=task.year, _anchor=f"task-{task.id}"))


def checklist_page(area, year, form, status=200):
    tasks = annual.checklist(area.id, year, current_actor())
    lang = str(get_locale())
    return render_template("admin/annual/checklist.html", area=area, year=year, form=form, action=ActionForm(),
                           tasks=[(t, annual.task_text(t, lang)) for t in tasks], parties=annual.PARTIES,
                           areas=areas.visible_areas(current_user), this_year=today().year,
                           month=today().month), status


@bp.route("/admin/annual")
@guard("coordinator", "national_admin")
def annual_start():
    visible = areas.visible_areas(current_user)
    if len(visible) == 1:
        return redirect(url_for("admin.annual_checklist", area_id=visible[0].id, year=today().year))
    return render_template("admin/annual/choose.html", areas=visible, year=today().year)


@bp.route("/admin/annual/<int:area_id>/<int:year>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def annual_checklist(area_id, year):
    area = area_or_404(area_id)
    annual.check_year(year, today())
    form = TaskForm()
    added, status = submit(form, lambda: annual.add_task(area.id, year, form.data, current_actor()))
    if added is not None:
        flash(_("Task added."), "info")
        return back_to(added)
    return checklist_page(area, year, form, status)


@bp.route("/admin/annual/tasks/<int:task_id>/done", methods=["POST"])
@guard("coordinator", "national_admin")
def annual_done(task_id):
    task = task_or_404(task_id)
    if ActionForm().validate_on_submit():
        annual.set_done(task, request.form.get("done") == "1", current_actor())
    return back_to(task)


@bp.route("/admin/annual/tasks/<int:task_id>/remove", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def annual_remove(task_id):
    task = task_or_404(task_id)
    form = ActionForm()
    if form.validate_on_submit():
        area_id, year = task.area_id, task.year
        annual.remove_task(task, current_actor())
        flash(_("Task removed."), "info")
        return redirect(url_for("admin.annual_checklist", area_id=area_id, year=year))
    return render_template("admin/annual/remove.html", task=task, text=annual.task_text(task, str(get_locale())),
                           form=form)
