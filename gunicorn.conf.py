"""gunicorn reads this file from the working directory (`make run` and production alike).

Without REDIS_URL: one worker process with threads, so that rate limits (kept in memory) and the
in-process background jobs stay exact. With REDIS_URL: WEB_CONCURRENCY processes (default 2), which
share rate limits, sessions and the job queue through Redis. The checks in `on_starting` run before
any worker starts and refuse an unsafe production configuration.
"""
import os
import shutil
import tempfile

_redis = bool(os.environ.get("REDIS_URL"))
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or (2 if _redis else 1))
threads = int(os.environ.get("GUNICORN_THREADS") or 8)
worker_class = "gthread"
timeout = 60  # a photo decode or a large page; print files and exports are background jobs
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# With LOG_FORMAT=json the app writes one JSON line per request (with its request id) instead.
accesslog = None if os.environ.get("LOG_FORMAT") == "json" else "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
_made_metrics_dir = []


def on_starting(server):
    from app.config import unsafe_configuration

    problems = unsafe_configuration(server.cfg.workers)
    if problems:
        raise RuntimeError("refusing to start:\n  - " + "\n  - ".join(problems))  # gunicorn exits with status 1
    # Prometheus metrics of all worker processes, shared through files (set before any worker imports the app).
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kaikukanta-metrics-")
        _made_metrics_dir.append(os.environ["PROMETHEUS_MULTIPROC_DIR"])


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    for made in _made_metrics_dir:
        shutil.rmtree(made, ignore_errors=True)
