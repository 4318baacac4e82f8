"""The form for publishing and changing a material (/admin/materials)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.labels import MATERIAL_AUDIENCE, MATERIAL_KIND, MATERIAL_LANGUAGE
from app.network.material_files import ACCEPT, MAX_LINK

CHOOSE = _l("Choose one of the options.")


class MaterialForm(FlaskForm):
    title_fi = StringField(_l("Title in Finnish"), validators=[DataRequired(message=_l("Give the title in Finnish.")),
                                                              Length(max=200)])
    title_sv = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    description_fi = TextAreaField(_l("Description in Finnish"), validators=[Optional(), Length(max=4000)])
    description_sv = TextAreaField(_l("Description in Swedish"), validators=[Optional(), Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=4000)])
    audience = RadioField(_l("Meant for"), choices=list(MATERIAL_AUDIENCE.items()),
                          validators=[DataRequired(message=CHOOSE)])
    kind = RadioField(_l("Kind of material"), choices=list(MATERIAL_KIND.items()),
                      validators=[DataRequired(message=CHOOSE)])
    language = SelectField(_l("Language of the material"), choices=list(MATERIAL_LANGUAGE.items()), default="all")
    file = FileField(_l("File"), render_kw={"accept": ACCEPT})
    link_url = StringField(_l("Or a link (https://…)"), validators=[Optional(), Length(max=MAX_LINK)],
                           render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"})
    # Only for a coordinator of several areas; the view checks the choice against the person's scope.
    area = SelectField(_l("Area"), validate_choice=False)
