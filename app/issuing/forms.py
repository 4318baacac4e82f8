"""The issuing forms. Fields take text as typed: app.cards checks the values and says what is wrong."""
from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length
from wtforms.widgets import DateInput

from app.core import labels
from app.models.card import GENDERS, INACTIVATION_REASONS, LIFE_SITUATIONS
from app.network import offers

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
CARD_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
HOLDER_FIELDS = ("birth_year", "postcode", "municipality", "children", "gender", "life_situation")


def card_field(label=_l("Card number"), required: bool = True) -> StringField:
    validators = [DataRequired(message=_l("Type the card number."))] if required else []
    return StringField(label, validators=[*validators, Length(max=300)], render_kw=CARD_INPUT)


def choices(empty, names: tuple[str, ...], texts: dict) -> list[SelectChoice]:
    return [SelectChoice("", empty)] + [SelectChoice(name, texts[name]) for name in names]


def municipality_choices() -> list[SelectChoice]:
    """Municipalities of active areas, by name in the page's language."""
    lang = str(get_locale())
    found = offers.participating_municipalities()
    return sorted((SelectChoice(m.code, m.name(lang)) for m in found), key=lambda choice: choice.label)


class HolderForm(FlaskForm):
    """What a client card records. Never a name, identity code, birth date or address."""

    birth_year = StringField(_l("Birth year"), render_kw={**NUMERIC, "maxlength": 4})
    postcode = StringField(_l("Postcode"), render_kw={**NUMERIC, "maxlength": 5})
    municipality = SelectField(_l("Home municipality"), validate_choice=False)
    children = StringField(_l("Own or same-household children and grandchildren under 18"), default="0",
                           render_kw={**NUMERIC, "maxlength": 2})
    gender = SelectField(_l("Gender (optional)"), choices=choices(_l("Not given"), GENDERS, labels.GENDER),
                         validate_choice=False)
    life_situation = SelectField(_l("Life situation (optional)"), validate_choice=False,
                                 choices=choices(_l("Not given"), LIFE_SITUATIONS, labels.LIFE_SITUATION))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [SelectChoice("", _l("Choose")), *municipality_choices()]

    def holder_data(self) -> dict[str, str]:
        return {name: self[name].data for name in HOLDER_FIELDS}


class RegisterForm(HolderForm):
    card = card_field()
    issued_on = StringField(_l("Issue date on the paper form"), widget=DateInput())


class RenewForm(HolderForm):
    pass


class CardForm(FlaskForm):
    card = card_field()


class FindForm(FlaskForm):
    class Meta:
        csrf = False

    card = card_field()


class InactivateForm(FlaskForm):
    reason = SelectField(_l("Reason"), validate_choice=False,
                         choices=choices(_l("Choose a reason"), INACTIVATION_REASONS, labels.INACTIVATION_REASON),
                         validators=[AnyOf(INACTIVATION_REASONS, message=_l("Choose a reason."))])
    replacement = card_field(_l("New card number (only when giving a new card)"), required=False)
    confirmed = HiddenField()


class StockRequestForm(FlaskForm):
    count = StringField(_l("Number of cards wanted"), render_kw={**NUMERIC, "maxlength": 5})
    message = TextAreaField(_l("Message to the coordinator (optional)"), render_kw={"rows": 3})
