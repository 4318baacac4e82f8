"""Reminders of the annual cycle and feedback meetings.

The monthly reminders are made by the scheduled job in app.network.reminders (imported here, so the web
app and the RQ worker, which both load this blueprint, know the job); the admin start page shows a
coordinator's unread ones (templates/partials/year/admin_reminders.html)."""
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime, get_locale, gettext as _, ngettext
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActionForm
from app.admin.lookups import area_or_404, found_or_404
from app.admin.meeting_forms import InviteesForm, MeetingForm, invitees_form, meeting_form, new_meeting_form
from app.auth.scope import guard
from app.core import mail
from app.core.audit import current_actor
from app.core.dates import today
from app.core.errors import DomainError
from app.core.forms import show_error, submit
from app.network import annual, areas, meetings, reminders
from app.network.scope import coordinator_areas
from app.models.reminder import FeedbackMeeting


@bp.app_template_global()
def year_reminders() -> list:
    """The signed-in coordinator's unread reminders with their tasks (nothing for anyone else)."""
    if not current_user.is_authenticated or not coordinator_areas():
        return []
    lang = str(get_locale() or "fi")
    return [(reminder, format_date(date.fromisoformat(f"{reminder.month}-01"), "LLLL yyyy"),
             [(task, annual.task_text(task, lang)) for task in tasks])
            for reminder, tasks in reminders.unread(current_user.id)]


@bp.route("/admin/reminders/<int:reminder_id>/read", methods=["POST"])
@guard("coordinator", "national_admin")
def reminder_read(reminder_id):
    reminder = found_or_404(reminders.find_reminder(reminder_id, current_user.id))
    if ActionForm().validate_on_submit():
        reminders.mark_read(reminder)
        flash(_("Reminder marked as read."), "info")
    return redirect(url_for("admin.start"))


# Feedback meetings

def meeting_or_404(meeting_id: int) -> FeedbackMeeting:
    return found_or_404(meetings.meeting_in_scope(current_user, meeting_id))


def stats_link(meeting: FeedbackMeeting) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
    return base + url_for("dashboards.feedback", area=meeting.area_id, year=meeting.stats_year)


@bp.route("/admin/meetings", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def meetings_list():
    visible = areas.visible_areas(current_user)
    form = new_meeting_form(visible, today().year)

    def create():
        area = area_or_404(int(form.area_id.data))
        return meetings.create_meeting(area.id, form.data, current_actor(), today())

    made, status = submit(form, create)
    if made is not None:
        flash(_("Meeting recorded. Now choose whom to invite."), "info")
        return redirect(url_for("admin.meeting_page", meeting_id=made.id))
    return render_template("admin/reminders/meetings.html", meetings=meetings.meetings_for(current_user), form=form,
                           many_areas=len(visible) > 1), status


def meeting_page(meeting: FeedbackMeeting, form: MeetingForm | None = None, invitees: InviteesForm | None = None,
                 status: int = 200):
    organisations = meetings.invitable(meeting.area_id)
    subject, body = meetings.invitation(meeting, stats_link(meeting), str(get_locale() or "fi"))
    return render_template("admin/reminders/meeting.html", meeting=meeting,
                           form=form or meeting_form(meeting, today().year),
                           invitees=invitees or invitees_form(meeting, organisations),
                           has_organisations=bool(organisations), recipients=meetings.recipients(meeting),
                           centre_address=meetings.national_centre_address(), subject=subject, body=body,
                           sent_at=meeting.sent_at and format_datetime(meeting.sent_at, "short")), status


@bp.route("/admin/meetings/<int:meeting_id>", methods=["GET", "POST"], endpoint="meeting_page")
@guard("coordinator", "national_admin")
def meeting_details(meeting_id):
    meeting = meeting_or_404(meeting_id)
    form = meeting_form(meeting, today().year)
    changed, status = submit(form, lambda: meetings.change_meeting(meeting, form.data, current_actor(), today()))
    if changed is not None:
        flash(_("Meeting saved."), "info")
        return redirect(url_for("admin.meeting_page", meeting_id=meeting.id))
    return meeting_page(meeting, form=form, status=status)


@bp.route("/admin/meetings/<int:meeting_id>/invitees", methods=["POST"])
@guard("coordinator", "national_admin")
def meeting_invitees(meeting_id):
    meeting = meeting_or_404(meeting_id)
    form = invitees_form(meeting, meetings.invitable(meeting.area_id))
    done, status = submit(form, lambda: meetings.set_invitees(meeting, form.organisations.data or [],
                                                              form.national_centre.data, current_actor()) or True)
    if done:
        flash(_("Invitees saved."), "info")
        return redirect(url_for("admin.meeting_page", meeting_id=meeting.id, _anchor="invitees"))
    return meeting_page(meeting, invitees=form, status=status)


@bp.route("/admin/meetings/<int:meeting_id>/send", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def meeting_send(meeting_id):
    meeting = meeting_or_404(meeting_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            count = meetings.send_invitations(meeting, stats_link(meeting), current_actor())
        except DomainError as err:
            show_error(form, err)
        else:
            flash(ngettext("The invitation was sent to %(num)d address.", "The invitation was sent to %(num)d addresses.",
                           count), "info")
            return redirect(url_for("admin.meeting_page", meeting_id=meeting.id))
    elif request.method == "POST":
        abort(400)
    return render_template("admin/reminders/send.html", meeting=meeting, form=form,
                           recipients=meetings.recipients(meeting), mail_ready=mail.configured(),
                           sent_at=meeting.sent_at and format_datetime(meeting.sent_at, "short")), \
        409 if form.form_errors else 200
