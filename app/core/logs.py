"""Request ids and, with LOG_FORMAT=json, one JSON object per log line.

Every request gets an id: the caller's X-Request-ID when it is a plain token (a load balancer's or
a proxy's), else a new one; it is answered in X-Request-ID and written on every log line of the
request, so one request can be followed through the proxy, the app and the logs.
"""
import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from time import perf_counter

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("kaikukanta.access")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "endpoint", "status", "duration_ms", "remote_addr")

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        rid = getattr(record, "request_id", None)
        if rid:
            entry["request_id"] = rid
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_json_logging() -> None:
    """JSON lines on stderr for the app's own loggers and every library's (the root logger)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kk_json", False)]:
        root.removeHandler(old)
    handler.kk_json = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    json_logs = app.config.get("LOG_FORMAT") == "json"
    if json_logs:
        configure_json_logging()
        from flask.logging import default_handler

        app.logger.removeHandler(default_handler)  # to the root's JSON handler only

    @app.before_request
    def assign_request_id():
        given = request.headers.get(HEADER, "")
        g.request_id = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        g.log_started = perf_counter()

    @app.after_request
    def answer_request_id(response):
        rid = g.get("request_id")
        if rid:
            response.headers[HEADER] = rid
        if json_logs and "log_started" in g:
            access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
                "method": request.method, "path": request.path, "endpoint": request.endpoint,
                "status": response.status_code, "remote_addr": request.remote_addr,
                "duration_ms": round((perf_counter() - g.log_started) * 1000, 2)})
        return response
