"""What admin pages look up by id: something missing, or outside the user's scope, is not found."""
from typing import TypeVar

from flask import abort
from flask_login import current_user

from app.models import Area
from app.network import areas

T = TypeVar("T")


def found_or_404(found: T | None) -> T:
    if found is None:
        abort(404)
    return found


def area_or_404(area_id: int | None) -> Area:
    return found_or_404(areas.area_in_scope(current_user, area_id))
