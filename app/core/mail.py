"""E-mail, where app.config["MAIL_SERVER"] is set: one-time links, and plain notices.

A view queues a link with `send_after_commit`; app.web sends the queue once the request's one
commit has succeeded, and drops it when the request is rolled back: nobody is mailed a link that the
database does not hold, and a failed send loses nothing that was saved.

Notices of the coordinators' year (a round's question, a list to review, a reminder, an invitation)
go with `queue_messages`: a background job (app.core.jobs) started after the commit sends them, so a
slow mail server never holds up the request or the scheduled job.
"""
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Callable

from flask import Flask, current_app, g
from flask_babel import gettext as _

from app.core.jobs import after_commit, task

QUEUE = "mail_after_commit"
LANGUAGES = ("fi", "sv", "en")  # a message is written in one of these


@dataclass(frozen=True)
class Outgoing:
    to: str
    link: str
    purpose: str  # "invite" or "reset"
    on_failure: Callable[[], None] | None = None


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_after_commit(to: str, link: str, purpose: str, on_failure: Callable[[], None] | None = None) -> bool:
    """Queue the link to be sent after the request commits. False when no mail server is set: nothing
    is queued, and the caller shows the link to copy. `on_failure` runs, still within the request,
    if the server then refuses the message."""
    if not configured():
        return False
    g.setdefault(QUEUE, []).append(Outgoing(to, link, purpose, on_failure))
    return True


def send_queued() -> None:
    """Send what the request queued; called once its commit has succeeded."""
    for outgoing in g.pop(QUEUE, []):
        if not _send(outgoing) and outgoing.on_failure is not None:
            outgoing.on_failure()


def drop_queued() -> None:
    """Forget what the request queued; called when its changes are rolled back."""
    g.pop(QUEUE, None)


def _message(outgoing: Outgoing) -> EmailMessage:
    message = EmailMessage()
    message["To"] = outgoing.to
    message["From"] = current_app.config.get("MAIL_FROM") or "kaikukanta@localhost"
    if outgoing.purpose == "reset":
        message["Subject"] = _("Set a new password for Kaikukanta")
        message.set_content(_("Set a new password with this link within 7 days:\n\n%(link)s\n", link=outgoing.link))
    else:
        message["Subject"] = _("You are invited to Kaikukanta")
        message.set_content(_("Open this link within 7 days and choose a password:\n\n%(link)s\n",
                              link=outgoing.link))
    return message


def _send(outgoing: Outgoing) -> bool:
    """True when the message was handed to the mail server."""
    try:
        message = _message(outgoing)
    except Exception:
        current_app.logger.exception("Writing the link to %s failed", outgoing.to)
        return False
    return _deliver(message)


def _deliver(message: EmailMessage) -> bool:
    """Hand the message to the mail server; True when it took it. The data is committed by now: a failed
    send is logged, never raised."""
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS", True):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except Exception:
        current_app.logger.exception("Sending %r to %s failed", message["Subject"], message["To"])
        return False
    return True


MESSAGES_TASK = "mail_messages"


def queue_messages(messages: list[dict[str, str]]) -> bool:
    """Send these ({to, subject, body}) in the background once the current transaction commits. False
    (and nothing queued) when no mail server is set."""
    if not configured():
        return False
    if messages:
        after_commit(MESSAGES_TASK, messages)
    return True


@task(MESSAGES_TASK)
def deliver_messages(app: Flask, messages: list[dict[str, str]]) -> None:
    with app.app_context():
        for outgoing in messages:
            message = EmailMessage()
            message["To"], message["Subject"] = outgoing["to"], outgoing["subject"]
            message["From"] = current_app.config.get("MAIL_FROM") or "kaikukanta@localhost"
            message.set_content(outgoing["body"])
            _deliver(message)


def app_link(endpoint: str, **values: Any) -> str:
    """An absolute link into the app, also outside a request (a scheduled job)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
