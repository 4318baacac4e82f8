"""Sending a one-time link by e-mail, where app.config["MAIL_SERVER"] is set."""
import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _


def send_link(to: str, link: str, purpose: str) -> bool:
    """True when the message was handed to the mail server; the caller shows the link either way."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return False
    message = EmailMessage()
    message["To"] = to
    message["From"] = config.get("MAIL_FROM") or "kaikukanta@localhost"
    if purpose == "reset":
        message["Subject"] = _("Set a new password for Kaikukanta")
        message.set_content(_("Set a new password with this link within 7 days:\n\n%(link)s\n", link=link))
    else:
        message["Subject"] = _("You are invited to Kaikukanta")
        message.set_content(_("Open this link within 7 days and choose a password:\n\n%(link)s\n", link=link))
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS", True):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except OSError:  # smtplib's errors are OSErrors too
        current_app.logger.exception("Sending the link to %s failed", to)
        return False
    return True
