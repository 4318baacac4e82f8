"""The forms of signing in, invitation links and the commitment acknowledgement."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ForgotForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=200)])


class AcceptForm(FlaskForm):
    pass


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("The same password again"), validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocomplete": "new-password"})


class AcknowledgeForm(FlaskForm):
    site = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
