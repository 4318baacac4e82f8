"""Rendering a series' PDF in the background, with progress stored on the series.

The job runs in its own thread with its own app context and session, and commits its own
progress: the request that asked for it has long returned. It starts only after the asking
request commits, so it always sees the series (and its freshly generated cards).
"""
import threading
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app
from flask_babel import force_locale, gettext as _
from sqlalchemy import event, select

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


def thread_runner(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="print-series", daemon=True).start()


def is_busy(series: CardSeries) -> bool:
    """Being made right now: pending or rendering, and heard from recently."""
    return series.print_status in BUSY and not is_stalled(series)


def is_stalled(series: CardSeries) -> bool:
    return series.print_status in BUSY and (
        series.print_updated_at is None or utcnow() - series.print_updated_at > STALLED_AFTER)


def request_render(series: CardSeries, locale: str) -> None:
    """Mark the series pending and render it once the current transaction commits.

    The runner is `app.config["PRINT_JOB_RUNNER"]` (tests run the job inline), else a daemon thread.
    """
    if is_busy(series):
        raise DomainError("print_busy", _("The PDF is already being made."), status=409)
    series.print_status, series.print_progress, series.print_error = "pending", 0, None
    series.print_updated_at = utcnow()
    db.session.flush()
    app = current_app._get_current_object()
    runner = app.config.get("PRINT_JOB_RUNNER") or thread_runner
    series_id = series.id
    event.listen(db.session(), "after_commit", lambda session: runner(lambda: run(app, series_id, locale)),
                 once=True)


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
            failed = db.session.get(CardSeries, series_id)
            failed.print_status, failed.print_error = "failed", str(err)[:500] or err.__class__.__name__
            db.session.commit()
        finally:
            db.session.remove()
