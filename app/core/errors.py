from typing import NoReturn

from flask import abort


class DomainError(Exception):
    """A refused change: `code` for machines, `message` already translated for people."""

    def __init__(self, code: str, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.field = field


def refuse() -> NoReturn:
    abort(403)
