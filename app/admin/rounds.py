"""Continuation rounds (/admin/rounds): a coordinator opens the autumn round for an area and side, sees
the answers, reminds the unanswered, closes the round and may take back a scheduled end. Site staff
answer at /year/continuation/<round_id> (the question is shown on every page until they do)."""
from datetime import timedelta

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.admin import bp
from app.admin.forms import ActionForm
from app.admin.lookups import found_or_404
from app.auth.scope import guard, requested_site_id
from app.cards.validation import as_id
from app.core import mail
from app.core.dates import today
from app.core.errors import DomainError
from app.core.forms import show_error, submit
from app.core.labels import CONTINUATION_ANSWER, ROUND_SIDE
from app.models.continuation import ContinuationRound
from app.network import areas, rounds
from app.network.organisations import org_in_scope
from app.network.scope import coordinator_areas, is_national
from app.stats import exports


class OpenRoundForm(FlaskForm):
    # Not checked against the choices: the service refuses an area or side outside the scope with 403.
    area_id = SelectField(_l("Area"), coerce=int, validators=[DataRequired()], validate_choice=False)
    side = RadioField(_l("Whom the round asks"), choices=list(ROUND_SIDE.items()), validators=[DataRequired()],
                      validate_choice=False)
    year = IntegerField(_l("The year asked about"), validators=[InputRequired()])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    closes_on = DateField(_l("Answers by"), validators=[DataRequired()])


class AnswerForm(FlaskForm):
    """The site is posted as `site` beside it (app.auth.scope.requested_site_id)."""
    answer = RadioField(_l("Answer"), choices=list(CONTINUATION_ANSWER.items()), validators=[DataRequired()])
    note = TextAreaField(_l("Note (what changes, or anything the coordinator should know)"),
                         validators=[Optional(), Length(max=rounds.NOTE_MAX)])


def open_round_form() -> OpenRoundForm:
    form = OpenRoundForm()
    visible = areas.visible_areas(current_user)
    form.area_id.choices = [(area.id, area.name) for area in visible]
    kinds = set(ROUND_SIDE) if is_national() else set().union(*coordinator_areas().values())
    form.side.choices = [(code, label) for code, label in ROUND_SIDE.items() if code in kinds]
    if not form.is_submitted():
        now = today()
        form.year.data = now.year + 1
        form.opens_on.data = now
        form.closes_on.data = min(now + timedelta(days=30), rounds.last_day_before(now.year + 1))
        if len(form.side.choices) == 1:
            form.side.data = form.side.choices[0][0]
    return form


def round_or_404(round_id: int) -> ContinuationRound:
    return found_or_404(rounds.round_in_scope(current_user, round_id))


@bp.route("/admin/rounds", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def rounds_list():
    form = open_round_form()
    opened, status = submit(form, lambda: rounds.open_round(
        current_user, area_id=form.area_id.data, side=form.side.data, year=form.year.data,
        opens_on=form.opens_on.data, closes_on=form.closes_on.data), fallback="area_id")
    if opened is not None:
        flash(_("The round was opened: %(num)d sites were asked.", num=len(opened.answers)), "info")
        return redirect(url_for("admin.continuation_round", round_id=opened.id))
    found = rounds.visible_rounds(current_user)
    return render_template("admin/rounds/list.html", form=form, rounds=found, sides=ROUND_SIDE,
                           counts=rounds.counts_by_round([r.id for r in found]), today=today()), status


@bp.route("/admin/rounds/<int:round_id>")
@guard("coordinator", "national_admin")
def continuation_round(round_id: int):
    round_ = round_or_404(round_id)
    answers = sorted(round_.answers, key=lambda a: a.organisation.name.lower())
    return render_template("admin/rounds/round.html", round=round_, answers=answers, sides=ROUND_SIDE,
                           labels=CONTINUATION_ANSWER, counts=rounds.answer_counts(round_),
                           partners=rounds.new_partners(round_), action=ActionForm(), today=today(),
                           can_take_back=rounds.can_take_back)


@bp.route("/admin/rounds/<int:round_id>/remind", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def remind_round(round_id: int):
    round_ = round_or_404(round_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            waiting, mailed = rounds.remind(current_user, round_)
        except DomainError as err:
            flash(err.message, "error")
        else:
            flash(_("%(num)d sites have not answered; they still see the question in the app. E-mails sent: "
                    "%(mailed)d.", num=waiting, mailed=mailed), "info")
        return redirect(url_for("admin.continuation_round", round_id=round_.id))
    return render_template("admin/rounds/remind.html", round=round_, form=form,
                           waiting=rounds.unanswered(round_), mail_configured=mail.configured())


@bp.route("/admin/rounds/<int:round_id>/close", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def close_round(round_id: int):
    round_ = round_or_404(round_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            plan = rounds.close_round(current_user, round_)
        except DomainError as err:
            flash(err.message, "error")
        else:
            flash(_("The round was closed. Sites ending: %(num)d.", num=len(plan.ends)), "info")
        return redirect(url_for("admin.continuation_round", round_id=round_.id))
    return render_template("admin/rounds/close.html", round=round_, form=form, plan=rounds.closing(round_))


@bp.route("/admin/rounds/<int:round_id>/take-back/<int:org_id>", methods=["POST"])
@guard("coordinator", "national_admin")
def take_back_end(round_id: int, org_id: int):
    round_ = round_or_404(round_id)
    org = found_or_404(org_in_scope(current_user, org_id))
    if ActionForm().validate_on_submit():
        try:
            rounds.take_back_end(current_user, org)
        except DomainError as err:
            flash(err.message, "error")
        else:
            flash(_("The end of %(name)s was taken back: it goes on operating.", name=org.name), "info")
    return redirect(url_for("admin.continuation_round", round_id=round_.id, _anchor="ends"))


@bp.route("/admin/rounds/<int:round_id>/answers.csv")
@guard("coordinator", "national_admin")
def round_answers_csv(round_id: int):
    round_ = round_or_404(round_id)
    headers = [_("Organisation"), _("Answer"), _("Note"), _("Answered at")]
    rows = [[a.organisation.name, str(CONTINUATION_ANSWER.get(a.answer, _("No answer"))), a.note,
             a.answered_at.replace(microsecond=0).isoformat(sep=" ") + " UTC" if a.answered_at else ""]
            for a in sorted(round_.answers, key=lambda a: a.organisation.name.lower())]
    response = make_response(exports.to_csv(headers, rows))
    response.headers["Content-Type"] = exports.CSV_MIMETYPE
    name = exports.filename(f"kaikukortti-jatko-{round_.area.name}-{round_.side}-{round_.year}", "csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The site staff's side

@bp.route("/year/continuation/<int:round_id>", methods=["GET", "POST"])
@guard("distributor", "venue")
def continuation_answer(round_id: int):
    if getattr(current_user, "api_key", None) is not None:
        abort(403)
    wanted = as_id(requested_site_id())
    if requested_site_id() and wanted not in rounds.staff_sites(current_user):
        abort(403)
    answer = found_or_404(rounds.the_answer(current_user, round_id, wanted))
    form = AnswerForm()
    status = 200
    if form.validate_on_submit():
        try:
            rounds.give_answer(current_user, answer, choice=form.answer.data, note=form.note.data or "")
        except DomainError as err:
            show_error(form, err, "answer")
            status = err.status
        else:
            flash(_("Thank you: your answer was saved. You can change it until the round is closed."), "info")
            return redirect(url_for("admin.continuation_answer", round_id=round_id, site=answer.organisation_id))
    elif form.errors:
        status = 400
    elif not form.is_submitted() and answer.answer:
        form.answer.data, form.note.data = answer.answer, answer.note
    return render_template("admin/rounds/answer.html", answer=answer, round=answer.round, form=form,
                           labels=CONTINUATION_ANSWER, today=today()), status


# Data for the partials

@bp.app_template_global()
def continuation_questions() -> list:
    """The open questions to the signed-in person's sites (the banner on every page)."""
    return rounds.open_questions(current_user)


@bp.app_template_global()
def continuation_overview() -> list:
    """The admin start page: the person's rounds that are not closed, each with its answer counts."""
    found = rounds.visible_rounds(current_user, open_only=True)
    counts = rounds.counts_by_round([r.id for r in found])
    return [(r, counts[r.id]) for r in found]
