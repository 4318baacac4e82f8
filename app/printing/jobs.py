"""Rendering a series' PDF in the background, with progress stored on the series.

The rendering is a task of app.core.jobs (the RQ worker with REDIS_URL, else a thread of the web
process) with its own app context and session, and commits its own progress: the request that asked
for it has long returned. It starts only after the asking request commits, so it always sees the
series (and its freshly generated cards).
"""
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask_babel import force_locale, gettext as _
from sqlalchemy import select

from app.core import jobs as background
from app.core.errors import DomainError
from app.core.labels import CARD_KIND
from app.printing.sheets import SeriesInfo, render_pdf
from app.extensions import db
from app.models import Area, Card, CardSeries
from app.models.base import helsinki_date, utcnow

BUSY = ("pending", "rendering")
PROGRESS_EVERY = 250
# Progress is saved every few seconds; a job silent this long died with its worker (a restart).
STALLED_AFTER = timedelta(minutes=10)


def is_busy(series: CardSeries) -> bool:
    """Being made right now: pending or rendering, and heard from recently."""
    return series.print_status in BUSY and not is_stalled(series)


def is_stalled(series: CardSeries) -> bool:
    return series.print_status in BUSY and (
        series.print_updated_at is None or utcnow() - series.print_updated_at > STALLED_AFTER)


def request_render(series: CardSeries, locale: str) -> None:
    """Mark the series pending and render it once the current transaction commits.

    It runs where app.core.jobs sends background work (tests set `JOB_RUNNER` to run it inline).
    """
    if is_busy(series):
        raise DomainError("print_busy", _("The PDF is already being made."), status=409)
    series.print_status, series.print_progress, series.print_error = "pending", 0, None
    series.print_updated_at = utcnow()
    db.session.flush()
    background.after_commit("print_series", series.id, locale)


def series_info(series: CardSeries) -> SeriesInfo:
    area = db.session.get(Area, series.area_id) if series.area_id else None
    return SeriesInfo(series.id, str(CARD_KIND[series.kind]), area.name if area else _("No area (national stock)"),
                      helsinki_date(series.created_at))


def series_card_ids(series: CardSeries) -> list[str]:
    return list(db.session.scalars(select(Card.id).where(Card.series_id == series.id).order_by(Card.id)))


def render_series(series: CardSeries, progress: Callable[[int], None] | None = None) -> bytes:
    card_ids = series_card_ids(series)
    if not card_ids:
        raise DomainError("empty_series", _("The series has no cards."))
    return render_pdf(series_info(series), card_ids, progress, PROGRESS_EVERY)


@background.task("print_series")
def run(app: Flask, series_id: int, locale: str) -> None:
    with app.app_context(), force_locale(locale):
        try:
            series = db.session.get(CardSeries, series_id)
            series.print_status, series.print_updated_at = "rendering", utcnow()
            db.session.commit()

            def progress(done: int) -> None:
                series.print_progress = min(99, done * 100 // series.count)
                series.print_updated_at = utcnow()
                db.session.commit()

            pdf = render_series(series, progress)
            series.print_pdf, series.print_status, series.print_progress = pdf, "ready", 100
            series.print_updated_at = utcnow()
            db.session.commit()
        except Exception as err:  # the job has no caller to raise to: the series page shows the error
            app.logger.exception("Rendering series %s failed", series_id)
            db.session.rollback()
            again = background.will_retry(err)  # on the queue, tried again (as pending) before it fails
            failed = db.session.get(CardSeries, series_id)
            if failed is not None:
                failed.print_status = "pending" if again else "failed"
                failed.print_error, failed.print_updated_at = str(err)[:500] or err.__class__.__name__, utcnow()
                db.session.commit()
            if again:
                raise
        finally:
            db.session.remove()
