"""Prometheus metrics (prometheus_client): requests and their latency per endpoint, uses recorded,
desk verdicts by reason, photo decoding time, and the job queue's length.

Under gunicorn the values live in files shared by the worker processes (PROMETHEUS_MULTIPROC_DIR, set
by gunicorn.conf.py before any worker starts), so a scrape of any worker sees them all. The counts
are read from the API's answers (the JSON contract of /api/v1), not from inside the desk code: the
desk endpoints hand their answer over as it is (`answered`), so it is not parsed back from the JSON.
"""
import os
from time import perf_counter

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from app.extensions import db
from app.models import CardSeries
from app.models.job import BackgroundJob

REQUESTS = Counter("kk_http_requests_total", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram("kk_http_request_duration_seconds", "Time to answer a request", ["endpoint"])
USES = Counter("kk_uses_recorded_total", "Uses (free tickets) recorded", ["source"])
VERDICTS = Counter("kk_card_verdicts_total", "Card checks and use attempts at a desk, by verdict", ["status", "reason"])
DECODE = Histogram("kk_decode_duration_seconds", "Time to read a card from a photo", ["found"],
                   buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16))

CHECK_ENDPOINTS = {"api.check_card"}
USE_ENDPOINTS = {"api.record_use", "api.record_batch"}
DECODE_ENDPOINT = "api.decode_image"


def start_timer() -> None:
    g.metrics_started = perf_counter()


def observe(response):
    started = g.pop("metrics_started", None)
    if started is None:
        return response
    elapsed = perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(elapsed)
    if endpoint in CHECK_ENDPOINTS or endpoint in USE_ENDPOINTS or endpoint == DECODE_ENDPOINT:
        count_desk(endpoint, response, elapsed)
    return response


def answered(body: dict) -> dict:
    """The desk answer this request sends (an /api/v1 view's JSON body), for counting after it."""
    g.desk_answer = body
    return body


def count_desk(endpoint: str, response, elapsed: float) -> None:
    body = g.pop("desk_answer", None)
    if response.status_code >= 400:
        return
    if body is None:
        if not response.is_json:
            return
        body = response.get_json(silent=True) or {}
    if endpoint == DECODE_ENDPOINT:
        seconds = body["ms"] / 1000 if isinstance(body.get("ms"), (int, float)) else elapsed
        DECODE.labels("yes" if body.get("codes") else "no").observe(seconds)
    elif endpoint in CHECK_ENDPOINTS:
        _verdict(body)
    elif endpoint == "api.record_use":
        _attempt(body, stored=response.status_code == 201, source="live")
    else:
        for item in body.get("results") or ():
            _attempt(item, stored=item.get("status") == 201, source="offline_sync")


def _verdict(verdict) -> None:
    if isinstance(verdict, dict) and verdict.get("reason"):
        VERDICTS.labels(str(verdict.get("status")), str(verdict["reason"])).inc()


def _attempt(answer: dict, stored: bool, source: str) -> None:
    _verdict(answer.get("verdict"))
    if stored:
        USES.labels(source).inc()


def queue_length(app: Flask) -> int:
    """Background work waiting to start: on RQ its queue, else the pending job rows and print files."""
    from app.core.jobs import queue_of

    queue = queue_of(app)
    if queue is not None:
        return queue.count
    jobs = db.session.scalar(select(func.count()).select_from(BackgroundJob).where(BackgroundJob.status == "pending"))
    prints = db.session.scalar(select(func.count()).select_from(CardSeries).where(CardSeries.print_status == "pending"))
    return jobs + prints


def exposition(app: Flask) -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    now = CollectorRegistry()
    try:
        waiting = GaugeMetricFamily("kk_jobs_queued", "Background jobs waiting for a worker")
        waiting.add_metric([], queue_length(app))
        now.register(_Fixed([waiting]))
    except Exception:  # a queue that cannot be reached is /readyz's news; the other metrics still help
        app.logger.warning("Queue length not available", exc_info=True)
    return Response(generate_latest(registry) + generate_latest(now), mimetype=CONTENT_TYPE_LATEST)


class _Fixed:
    def __init__(self, families):
        self.families = families

    def collect(self):
        return iter(self.families)
