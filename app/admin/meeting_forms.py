"""Forms of the feedback meeting pages (app/admin/reminders.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.fields import URLField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.labels import ORG_KIND
from app.network import annual, meetings


class MeetingForm(FlaskForm):
    meeting_date = DateField(_l("Date"), validators=[DataRequired(message=_l("Give the date of the meeting."))])
    meeting_time = TimeField(_l("Starts at (optional)"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=meetings.MAX_PLACE)])
    online_link = URLField(_l("Link to the online meeting"), validators=[Optional(), Length(max=meetings.MAX_LINK)])
    note = TextAreaField(_l("Note for the invitees"), validators=[Optional(), Length(max=meetings.MAX_NOTE)])
    stats_year = SelectField(_l("Statistics of the year"), choices=[])


class NewMeetingForm(MeetingForm):
    area_id = SelectField(_l("Area"), choices=[], validators=[DataRequired()])


class InviteesForm(FlaskForm):
    organisations = SelectMultipleField(_l("Organisations of the area"), choices=[], coerce=int,
                                        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    national_centre = BooleanField(_l("The national centre"))


def with_years(form: MeetingForm, this_year: int) -> MeetingForm:
    form.stats_year.choices = [(str(y), str(y)) for y in range(this_year, annual.FIRST_YEAR - 1, -1)]
    form.stats_year.data = str(form.stats_year.data or this_year)
    return form


def meeting_form(meeting, this_year: int) -> MeetingForm:
    return with_years(MeetingForm(obj=meeting), this_year)


def new_meeting_form(visible_areas, this_year: int) -> NewMeetingForm:
    form = with_years(NewMeetingForm(), this_year)
    form.area_id.choices = [(str(area.id), area.name) for area in visible_areas]
    return form


def invitees_form(meeting, organisations) -> InviteesForm:
    form = InviteesForm(data={"organisations": [i.organisation_id for i in meeting.invitees],
                              "national_centre": meeting.invite_national_centre})
    form.organisations.choices = [(org.id, f"{org.name} ({ORG_KIND.get(org.kind, org.kind)})")
                                  for org in organisations]
    return form

