"""The forms of the area contacts (/admin/contacts) and of the coordination commitment (/admin/commitments/coordination)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.core.forms import EMAIL
from app.core.labels import COORDINATION_SIDE

CHOOSE = _l("Choose one of the options.")
VALID_EMAIL = _l("Give a valid email address.")


class FeedbackEmailForm(FlaskForm):
    feedback_email = EmailField(_l("The area's feedback e-mail"), validators=[
        Optional(), Regexp(EMAIL, message=VALID_EMAIL), Length(max=200)])


class ContactForm(FlaskForm):
    side = RadioField(_l("Side"), choices=list(COORDINATION_SIDE.items()), validators=[DataRequired(message=CHOOSE)])
    user_id = SelectField(_l("Coordinator's account"), coerce=int, choices=[], validate_choice=False)
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Give the name.")), Length(max=200)])
    title = StringField(_l("Job title"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Work e-mail"), validators=[Optional(), Regexp(EMAIL, message=VALID_EMAIL), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    public = BooleanField(_l("Show on the public area page"), default=True)


class SeenForm(FlaskForm):
    """Mark one change seen (its id), or every unseen change (no id)."""
    change = HiddenField()


class CoordinationPublishForm(FlaskForm):
    version = StringField(_l("Version label"), validators=[DataRequired(), Length(max=40)])
    text_fi = TextAreaField(_l("Text in Finnish"), validators=[DataRequired(), Length(max=20000)])
    text_sv = TextAreaField(_l("Text in Swedish"), validators=[DataRequired(), Length(max=20000)])
    text_en = TextAreaField(_l("Text in English"), validators=[DataRequired(), Length(max=20000)])
    understood = BooleanField(_l("I understand that every area's coordinators of both sides are then asked to "
                                 "acknowledge this version."), validators=[DataRequired()])


class CoordinationAckForm(FlaskForm):
    side = RadioField(_l("I acknowledge for"), choices=[], validators=[DataRequired(message=CHOOSE)])
    confirm = BooleanField(_l("I have read the text and acknowledge it on behalf of my side of the area."),
                           validators=[DataRequired()])
