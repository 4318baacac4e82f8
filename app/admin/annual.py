"""The coordinators' year: each area's checklist for a year, ticked off and edited by its coordinators."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.network import annual
from app.admin import bp
from app.admin.card_scope import actor, area_or_404, submit, today, visible_areas
from app.auth.scope import guard
from app.extensions import db
from app.models import AnnualTask

MONTHS = [(str(m), str(m)) for m in range(1, 13)]


class TaskForm(FlaskForm):
    text = StringField(_l("Task"), validators=[DataRequired(message=_l("Write the task.")),
                                               Length(max=annual.MAX_TEXT)])
    party = SelectField(_l("Who"), choices=list(annual.PARTIES.items()))
    month_from = SelectField(_l("From month"), choices=MONTHS)
    month_to = SelectField(_l("To month"), choices=MONTHS, default="12")


class ActionForm(FlaskForm):
    pass


def task_or_404(task_id: int) -> AnnualTask:
    task = db.session.get(AnnualTask, task_id)
    if task is None:
        abort(404)
    area_or_404(task.area_id)
    return task


def back_to(task: AnnualTask):
    return redirect(url_for("admin.annual_checklist", area_id=task.area_id, year=task.year, _anchor=f"task-{task.id}"))


def checklist_page(area, year, form, status=200):
    tasks = annual.checklist(area.id, year, actor())
    lang = str(get_locale())
    return render_template("admin/annual/checklist.html", area=area, year=year, form=form, action=ActionForm(),
                           tasks=[(t, annual.task_text(t, lang)) for t in tasks], parties=annual.PARTIES,
                           areas=visible_areas(), this_year=today().year, month=today().month), status


@bp.route("/admin/annual")
@guard("coordinator", "national_admin")
def annual_start():
    areas = visible_areas()
    if len(areas) == 1:
        return redirect(url_for("admin.annual_checklist", area_id=areas[0].id, year=today().year))
    return render_template("admin/annual/choose.html", areas=areas, year=today().year)


@bp.route("/admin/annual/<int:area_id>/<int:year>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def annual_checklist(area_id, year):
    area = area_or_404(area_id)
    annual.check_year(year, today())
    form = TaskForm()
    added, status = submit(form, lambda: annual.add_task(area.id, year, form.data, actor()))
    if added is not None:
        flash(_("Task added."), "info")
        return back_to(added)
    return checklist_page(area, year, form, status)


@bp.route("/admin/annual/tasks/<int:task_id>/done", methods=["POST"])
@guard("coordinator", "national_admin")
def annual_done(task_id):
    task = task_or_404(task_id)
    if ActionForm().validate_on_submit():
        annual.set_done(task, request.form.get("done") == "1", actor())
    return back_to(task)


@bp.route("/admin/annual/tasks/<int:task_id>/remove", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def annual_remove(task_id):
    task = task_or_404(task_id)
    form = ActionForm()
    if form.validate_on_submit():
        area_id, year = task.area_id, task.year
        annual.remove_task(task, actor())
        flash(_("Task removed."), "info")
        return redirect(url_for("admin.annual_checklist", area_id=area_id, year=year))
    return render_template("admin/annual/remove.html", task=task, text=annual.task_text(task, str(get_locale())),
                           form=form)
