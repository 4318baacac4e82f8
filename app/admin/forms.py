"""Every form of the coordinators' and national admin's screens, and the choices offered in them."""
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, StopValidation

from app.network.scope import is_national
from app.cards import series as card_series, stock
from app.core.forms import EMAIL
from app.core.labels import CARD_KIND, CATEGORY, ORG_KIND, ROLE, SIDE
from app.network import annual, areas, commitments, fees, memberships
from app.network import settings as national_settings

MONTHS = [(str(m), str(m)) for m in range(1, 13)]
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
CARD_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
SAMPLE_TYPES = {"csv": "text/csv",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ORG_GROUP = {"distributor": _l("Distributor sites"), "venue": _l("Venues")}


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is posted."""


# Areas and organisations

class OrganisationForm(FlaskForm):
    kind = RadioField(_l("Kind"), choices=list(ORG_KIND.items()), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    # Not checked against the choices: the service refuses a municipality outside the scope with 403.
    municipality_code = SelectField(_l("Municipality"), choices=[], validators=[DataRequired()],
                                    validate_choice=False)
    default_category = SelectField(_l("Default category of uses (venues)"), choices=list(CATEGORY.items()))
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Contact person's work email"), validators=[
        DataRequired(), Regexp(EMAIL, message=_l("Give a valid email address.")), Length(max=200)])
    contact_phone = StringField(_l("Contact person's phone"), validators=[DataRequired(), Length(max=40)])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[("approve", _l("Approve")), ("decline", _l("Decline"))],
                          validators=[DataRequired()])
    override = BooleanField(_l("Start at once instead of on 1 January"))
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class AreaForm(FlaskForm):
    name = StringField(_l("Name of the area"), validators=[DataRequired(), Length(max=120)])
    county_code = SelectField(_l("Wellbeing services county"), choices=[], validators=[Optional()])
    municipalities = SelectMultipleField(_l("Municipalities"), choices=[], validators=[DataRequired()])


def organisation_form(principal, org=None) -> OrganisationForm:
    form = OrganisationForm(obj=org)
    lang = str(get_locale())
    form.municipality_code.choices = [(m.code, m.name(lang)) for m in areas.municipalities_for(principal)]
    if org is not None:
        form.kind.data = org.kind
    return form


def area_form() -> AreaForm:
    form = AreaForm()
    lang = str(get_locale())
    form.county_code.choices = [("", _("Not set"))] + [(c.code, c.name_sv if lang == "sv" else c.name_fi)
                                                       for c in areas.counties()]
    form.municipalities.choices = [(m.code, m.name(lang)) for m in areas.free_municipalities()]
    return form


# People

class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        DataRequired(), Regexp(EMAIL, message=_l("Give a valid email address.")), Length(max=200)])
    # The choices show what the user may grant; the service decides (403) whatever is posted.
    role = SelectField(_l("Role"), validators=[DataRequired()], validate_choice=False)
    organisation_id = SelectField(_l("Organisation (distributor and venue staff)"), coerce=int,
                                  validators=[Optional()], validate_choice=False)
    area_id = SelectField(_l("Area (coordinators)"), coerce=int, validators=[Optional()], validate_choice=False)
    side = SelectField(_l("Side (coordinators)"), choices=list(SIDE.items()), validators=[Optional()],
                       validate_choice=False)


def invite_form(principal) -> tuple[InviteForm, list[tuple[str, str, list]]]:
    """The form with only what the user may grant, and the organisations grouped by the role they fit."""
    form = InviteForm()
    offer = memberships.grantable(principal)
    form.role.choices = [(role, ROLE[role]) for role in offer.roles]
    form.organisation_id.choices = [(0, "–")] + [(o.id, o.name) for orgs in offer.orgs.values() for o in orgs]
    form.area_id.choices = [(0, "–")] + [(a.id, a.name) for a in offer.areas]
    form.side.choices = [(side, SIDE[side]) for side in offer.sides]
    org_groups = [(role, ORG_GROUP[role], orgs) for role, orgs in offer.orgs.items() if role in offer.roles]
    return form, org_groups


# The commitment and the national settings

class PublishForm(FlaskForm):
    version = StringField(_l("Version label"), validators=[DataRequired(), Length(max=40)])
    text_fi = TextAreaField(_l("Text in Finnish"), validators=[DataRequired(), Length(max=20000)])
    text_sv = TextAreaField(_l("Text in Swedish"), validators=[DataRequired(), Length(max=20000)])
    text_en = TextAreaField(_l("Text in English"), validators=[DataRequired(), Length(max=20000)])
    previous_counts_until = DateField(
        _l("The previous version's acknowledgement still counts until"), validators=[DataRequired()],
        default=lambda: commitments.today() + timedelta(days=commitments.TRANSITION_DAYS))
    understood = BooleanField(_l("I understand that after that date an organisation that has not acknowledged "
                                 "this version cannot issue cards or record uses."), validators=[DataRequired()])


def ascii_digits(form, field) -> None:
    """IntegerField reads "١٢" as 12 (int() takes any script's digits); here only 0-9 make a number."""
    if field.raw_data and not re.fullmatch(r"\s*-?[0-9]+\s*", field.raw_data[0]):
        raise StopValidation(_("Use the digits 0 to 9."))


def setting_field(label, name: str) -> IntegerField:
    low, high = national_settings.LIMITS[name]
    return IntegerField(label, validators=[InputRequired(), ascii_digits, NumberRange(min=low, max=high)])


class SettingsForm(FlaskForm):
    validity_months = setting_field(_l("Card validity in months"), "validity_months")
    child_age_limit = setting_field(_l("Children's free tickets: under this age"), "child_age_limit")
    quota_percent = setting_field(_l("Default Kaikukortti quota, percent of an event's capacity"), "quota_percent")
    group_limit = setting_field(_l("Largest group on a community card"), "group_limit")
    undo_hours = setting_field(_l("A use can be undone within this many hours"), "undo_hours")
    note = TextAreaField(_l("Note on the change"), validators=[DataRequired(), Length(max=2000)])


# The coordinators' year

class TaskForm(FlaskForm):
    text = StringField(_l("Task"), validators=[DataRequired(message=_l("Write the task.")),
                                               Length(max=annual.MAX_TEXT)])
    party = SelectField(_l("Who"), choices=list(annual.PARTIES.items()))
    month_from = SelectField(_l("From month"), choices=MONTHS)
    month_to = SelectField(_l("To month"), choices=MONTHS, default="12")


# Card series, import and stock

class SeriesForm(FlaskForm):
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw=NUMERIC)
    kind = RadioField(_l("Kind"), choices=list(CARD_KIND.items()), default="client",
                      validators=[DataRequired()])
    area = SelectField(_l("Area"), validate_choice=False)


def series_form(principal) -> SeriesForm:
    form = SeriesForm()
    form.area.choices = [("", _("No area (national stock)"))] + [
        (str(a.id), a.name) for a in areas.visible_areas(principal)]
    return form


class UploadForm(FlaskForm):
    file = FileField(_l("CSV or Excel file (.xlsx)"), validators=[FileRequired(message=_l("Choose the file."))],
                     render_kw={"accept": ".csv,.txt,.xlsx,text/csv," + SAMPLE_TYPES["xlsx"]})
    area = SelectField(_l("Area"), validate_choice=False)


def upload_form(principal) -> UploadForm:
    form = UploadForm()
    form.area.choices = ([("", _("All areas (from each card's municipality)"))] if is_national(principal) else []) + [
        (str(a.id), a.name) for a in areas.visible_areas(principal)]
    return form


class CountForm(FlaskForm):
    site = SelectField(_l("Distributor site"), validators=[DataRequired(message=_l("Choose the site."))])
    kind = SelectField(_l("Kind"), choices=list(CARD_KIND.items()))
    series = SelectField(_l("From series"), validate_choice=False)
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw=NUMERIC)


class RangeForm(FlaskForm):
    site = SelectField(_l("Distributor site"), validators=[DataRequired(message=_l("Choose the site."))])
    series = SelectField(_l("Series"), validators=[DataRequired(message=_l("Choose the series."))])
    first = StringField(_l("First card"), validators=[DataRequired(message=_l("Type the first card number."))],
                        render_kw=CARD_INPUT)
    last = StringField(_l("Last card"), validators=[DataRequired(message=_l("Type the last card number."))],
                       render_kw=CARD_INPUT)


class HandleForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(CARD_KIND.items()))
    series = SelectField(_l("From series"), validate_choice=False)
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw=NUMERIC)


class CloseForm(FlaskForm):
    confirm = BooleanField(_l("Yes, close the request without sending cards"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


def series_choices(principal, area_id: int) -> list[tuple[str, str]]:
    found = card_series.series_for_area(area_id, with_national=is_national(principal))
    return [(str(s.id), _("Series %(id)d (%(kind)s, %(count)d cards)", id=s.id, kind=CARD_KIND[s.kind],
                          count=s.count)) for s in found]


def stock_forms(principal, area_id: int) -> tuple[CountForm, RangeForm]:
    sites = [(str(site_id), name) for site_id, name in stock.site_names(area_id)]
    series = series_choices(principal, area_id)
    by_count, by_range = CountForm(prefix="count"), RangeForm(prefix="range")
    by_count.site.choices = by_range.site.choices = [("", _("Choose"))] + sites
    by_count.series.choices = [("", _("Any series"))] + series
    by_range.series.choices = [("", _("Choose"))] + series
    return by_count, by_range


def handle_form(principal, area_id: int, count: int) -> HandleForm:
    form = HandleForm(prefix="handle", data={"count": str(count)})
    form.series.choices = [("", _("Any series"))] + series_choices(principal, area_id)
    return form


# The yearly database fee

class EurosField(StringField):
    """Euros and cents as people type them: a decimal comma or point, spaces between thousands.
    `data` is a Decimal, or None when left empty."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        typed = valuelist[0].replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("€")
        self.raw_data, self.data = [valuelist[0]], None
        if typed:
            try:
                self.data = Decimal(typed)
            except InvalidOperation:
                self.data = None
            if self.data is None or not self.data.is_finite():
                self.data = None
                raise ValueError(_("Give the sum in euros, such as 12 500,00."))

    def _value(self):
        return self.raw_data[0] if self.raw_data else ("" if self.data is None else f"{self.data:.2f}")


class FeeTotalForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)], render_kw=NUMERIC)
    total = EurosField(_l("Total database fee (€)"), validators=[InputRequired()], render_kw={"inputmode": "decimal"})
    replace = BooleanField(_l("Yes, replace the total entered earlier"))


class FeeAgreementForm(FlaskForm):
    area_id = SelectField(_l("Area"), coerce=int, validators=[InputRequired()])
    municipalities = EurosField(_l("Municipalities' agreed share (€)"), validators=[Optional()],
                                render_kw={"inputmode": "decimal"})
    county = EurosField(_l("Wellbeing services county's agreed share (€)"), validators=[Optional()],
                        render_kw={"inputmode": "decimal"})


def fee_agreement_form() -> FeeAgreementForm:
    form = FeeAgreementForm()
    form.area_id.choices = [(a.id, a.name) for a in fees.active_areas()]
    return form
