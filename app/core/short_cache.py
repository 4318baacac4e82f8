"""Facts every request on the hot path needs and that change a few times a year: kept per worker
process for a few seconds, and forgotten at once when this process changes them.

The national settings, the published commitment versions, an organisation's acknowledgements and an
API key's organisation are read on every card check; asking the database each time cost four of the
six queries of a check. Each app keeps its own store (`app.extensions`), so two apps (tests) never
share one. A change made in this process empties the store at its flush and again when its
transaction ends (commit or rollback), so a reader cannot keep a value it read from that very
transaction. A change made by another worker process is seen within `TTL` seconds: a revoked API
key or a withdrawn approval may still be honoured that long by other workers.
"""
import threading
import time
from typing import Any, Callable, TypeVar

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import ApiKey, CommitmentAck, CommitmentVersion, NationalSettings, Organisation

TTL = 5.0
T = TypeVar("T")
# The models whose change empties the store: settings, commitments, keys and the organisations they act for.
WATCHED = (NationalSettings, CommitmentVersion, CommitmentAck, ApiKey, Organisation)
_CHANGED = "short_cache_changed"


class Store:
    def __init__(self) -> None:
        self.values: dict[Any, tuple[float, Any]] = {}
        self.generation = 0
        self.lock = threading.Lock()

    def get(self, key: Any, load: Callable[[], T], ttl: float = TTL, keep: Callable[[T], bool] | None = None) -> T:
        now = time.monotonic()
        found = self.values.get(key)
        if found is not None and found[0] > now:
            return found[1]
        generation = self.generation
        value = load()
        if keep is not None and not keep(value):
            return value
        with self.lock:
            if generation == self.generation:  # not emptied while loading: the value is not stale
                self.values[key] = (now + ttl, value)
        return value

    def clear(self) -> None:
        with self.lock:
            self.generation += 1
            self.values.clear()


def store() -> Store:
    extensions = current_app.extensions
    found = extensions.get("short_cache")
    if found is None:
        found = extensions.setdefault("short_cache", Store())
    return found


def cached(key: Any, load: Callable[[], T], ttl: float = TTL, keep: Callable[[T], bool] | None = None) -> T:
    """`load()`'s value, kept for `ttl` seconds under `key` (unless `keep(value)` says not to)."""
    return store().get(key, load, ttl, keep)


def forget() -> None:
    store().clear()


def _watched(objects) -> bool:
    return any(isinstance(obj, WATCHED) for obj in objects)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if _watched(session.new) or _watched(session.dirty) or _watched(session.deleted):
        session.info[_CHANGED] = True
        _forget_if_app()


@event.listens_for(Session, "do_orm_execute")
def _bulk_change(state) -> None:
    if state.is_select:
        return
    mapper = state.bind_arguments.get("mapper")
    if mapper is not None and issubclass(mapper.class_, WATCHED):
        state.session.info[_CHANGED] = True
        _forget_if_app()


def _transaction_over(session: Session, *_args) -> None:
    if session.info.pop(_CHANGED, False):
        _forget_if_app()


event.listen(Session, "after_commit", _transaction_over)
event.listen(Session, "after_soft_rollback", _transaction_over)


def _forget_if_app() -> None:
    try:
        forget()
    except RuntimeError:  # no application context: no store to empty
        pass
