"""Rate-limit budgets that more than one blueprint draws on."""
from flask import current_app

from app.extensions import limiter


def public_check_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_CHECK"]


# The front-page check, the card's page and the public API draw on one budget per address.
public_check_limited = limiter.shared_limit(public_check_limit, scope="public_check")
