from collections.abc import Callable
from functools import wraps

import click

from app.core.errors import DomainError
from app.extensions import db


def transactional(command: Callable) -> Callable:
    """Commit once when the command succeeds; a DomainError rolls back and exits 1 with its message."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
            db.session.commit()
            return result
        except DomainError as err:
            db.session.rollback()
            raise click.ClickException(err.message) from None

    return run
