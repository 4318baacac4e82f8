"""Input no view can use is refused with 400 before any view sees it: NUL bytes (PostgreSQL refuses
them in text), lone surrogates (no database stores them) in the path, the query string or a form, and
JSON that is not JSON or is nested deeper than any body of ours."""
import re

from flask import Flask, abort, request

MAX_JSON_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UNREADABLE = re.compile("[\x00\ud800-\udfff]")


def unreadable(text: str) -> bool:
    return UNREADABLE.search(text) is not None


def too_deep(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """Walked without recursion, so that a deep body cannot exhaust the stack here either."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def check_json() -> None:
    """Parsed once here (and cached for the view); a body that is not JSON is left to the view to refuse."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        abort(400)
    if too_deep(body):
        abort(400)


def refuse_unreadable_input() -> None:
    if unreadable(request.path):
        abort(400)
    if any(unreadable(key) or unreadable(value) for key, value in request.args.items(multi=True)):
        abort(400)
    if request.mimetype in FORM_TYPES and any(
            unreadable(key) or unreadable(value) for key, value in request.form.items(multi=True)):
        abort(400)
    if request.is_json:
        check_json()


def register_input_guard(app: Flask) -> None:
    app.before_request(refuse_unreadable_input)
