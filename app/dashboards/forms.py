"""The dashboards' picker: whose figures and which period, sent as a GET form so that a view can
be bookmarked and shared. The period itself is read by app.stats.period.period_from_args."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField

from app.dashboards.choices import GROUPS, Choice

YEARS_BACK = 10


class PickerForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    scope = SelectField(_l("Whose figures"), validate_choice=False)
    year = SelectField(_l("Year"), validate_choice=False)
    start = DateField(_l("From"), name="from")
    end = DateField(_l("To"), name="to")


def picker(args, choices: list[Choice], scope_token: str, today: date) -> PickerForm:
    form = PickerForm(formdata=args)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for choice in choices:
        grouped.setdefault(str(GROUPS[choice.group]), []).append((choice.scope.token, choice.label))
    form.scope.choices = grouped if len(grouped) > 1 else next(iter(grouped.values()), [])
    form.scope.data = scope_token
    years = [str(year) for year in range(today.year, today.year - YEARS_BACK, -1)]
    asked = args.get("year", "")
    if len(asked) == 4 and asked.isascii() and asked.isdigit() and asked not in years:
        years.append(asked)
    form.year.choices = [(year, year) for year in years]
    form.year.data = asked or str(today.year)
    return form
