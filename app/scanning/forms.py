"""The venue's forms: its own Kaikukortti offer."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.labels import CATEGORY, HOW_TO_GET


class OfferForm(FlaskForm):
    title_fi = StringField(_l("Title in Finnish"), validators=[DataRequired(), Length(max=200)])
    title_sv = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    description_fi = TextAreaField(_l("Description in Finnish"), validators=[Optional(), Length(max=4000)])
    description_sv = TextAreaField(_l("Description in Swedish"), validators=[Optional(), Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=4000)])
    category = SelectField(_l("Category"), choices=list(CATEGORY.items()))
    municipality_code = SelectField(_l("Municipality"), choices=[])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    accessibility = TextAreaField(_l("Accessibility"), validators=[Optional(), Length(max=2000)])
    restrictions = TextAreaField(_l("Restrictions, for example “not for premieres”"),
                                 validators=[Optional(), Length(max=2000)])
    how_to_get = SelectField(_l("How to get the ticket"), choices=list(HOW_TO_GET.items()))
    how_to_get_note = StringField(_l("More about getting the ticket"), validators=[Optional(), Length(max=300)])
    visible = BooleanField(_l("Shown on the public offer list"), default=True)
