"""Domain logic behind the admin screens: plain functions that take the acting principal, check its
scope, change the session and flush. Views parse, call these and render; the request commits."""
from datetime import date
from typing import NoReturn

from flask import abort

from app.cards.service import Actor
from app.models.base import helsinki_date, utcnow

EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+$"


def today() -> date:
    return helsinki_date(utcnow())


def actor_of(principal) -> Actor:
    return Actor(user_id=principal.id)


def refuse() -> NoReturn:
    abort(403)
