"""What every blueprint's forms share: the e-mail pattern and how a posted form is acted on."""
from typing import Callable, TypeVar

from flask_wtf import FlaskForm

from app.core.errors import DomainError

EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+$"

T = TypeVar("T")


def show_error(form: FlaskForm, err: DomainError, fallback: str | None = None) -> None:
    """The service's message next to its field; a refusal about no field of this form next to
    `fallback` (say, the card number field), else at the top of the form."""
    name = err.field if err.field in form else fallback
    if name:
        form[name].errors = [*form[name].errors, err.message]
    else:
        form.form_errors.append(err.message)


def submit(form: FlaskForm, action: Callable[[], T], fallback: str | None = None) -> tuple[T | None, int]:
    """Run `action` for a valid posted form. Returns (result, status): result None when nothing
    was done, status 400 or the refusal's own status when the form is shown again with errors."""
    if not form.validate_on_submit():
        return None, 400 if form.errors else 200
    try:
        return action(), 200
    except DomainError as err:
        show_error(form, err, fallback)
        return None, err.status
