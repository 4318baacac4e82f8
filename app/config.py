"""Settings read from the environment; the SQLite file under instance/ is the default database."""
import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'kaikukanta.sqlite'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


# Statistics queries are the same text with other bounds: a plan made for the values at hand beats the
# generic plan PostgreSQL switches to after a few runs (measured with make bench-stats), and JIT
# compilation cost more than it saved on every dashboard query.
POSTGRES_CONNECT_ARGS = {"options": "-c plan_cache_mode=force_custom_plan -c jit=off"}


def engine_options(url: str, options: dict) -> dict:
    """The engine options for `url`: PostgreSQL connections get the planner settings above."""
    if not url.startswith("postgresql"):
        return options
    return {**options, "connect_args": {**POSTGRES_CONNECT_ARGS, **options.get("connect_args", {})}}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(os.urandom(32).hex())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def shared_state_problem(workers: int, environ=os.environ) -> str | None:
    """Rate limits kept in one process's memory would count separately in every worker, so several
    workers need shared storage (REDIS_URL); one worker with threads needs none."""
    if workers <= 1 or environ.get("RATELIMIT_ENABLED", "1") == "0" or environ.get("REDIS_URL"):
        return None
    return (f"{workers} workers without REDIS_URL: each would keep its own rate limits, multiplying them "
            f"by {workers}. Set REDIS_URL to a Redis shared by all workers, or run one worker with threads "
            "(gunicorn -w 1 --threads 8).")


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def is_local_setup(environ=os.environ) -> bool:
    """The embedded default: the app's address (PUBLIC_BASE_URL) is this machine."""
    from urllib.parse import urlsplit

    url = environ.get("PUBLIC_BASE_URL", "")
    return not url or (urlsplit(url).hostname or "") in {host.strip("[]") for host in LOCAL_HOSTS}


def unsafe_configuration(workers: int, environ=os.environ) -> list[str]:
    """Why gunicorn must not start with this configuration (an empty list: it may)."""
    problems = []
    key = environ.get("SECRET_KEY", "")
    if not key and not is_local_setup(environ):
        problems.append(f"SECRET_KEY is not set, but the app is served at {environ.get('PUBLIC_BASE_URL')}: the key "
                        "kept in instance/secret_key is for local use only. Set SECRET_KEY (the same on every "
                        "host), e.g. SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))').")
    elif key and len(key) < 32:
        problems.append("SECRET_KEY is shorter than 32 characters; use a long random key, e.g. "
                        "$(python3 -c 'import secrets; print(secrets.token_hex(32))').")
    shared = shared_state_problem(workers, environ)
    if shared:
        problems.append(shared)
    return problems


class Config:
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = _database_url()
    # No pool_pre_ping (a round trip on every request): connections idle in the pool for a while are
    # tested instead (app.core.reads.ping_idle_connections, installed by create_app).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost:5000").rstrip("/")
    MAX_CONTENT_LENGTH = 9 * 1024 * 1024
    MAX_IMAGE_BYTES = 8 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    PERMANENT_SESSION_LIFETIME = 12 * 3600  # a desk shift
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    SESSION_REDIS_URL = os.environ.get("REDIS_URL")  # session data in Redis; a signed cookie without it
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute")
    RATELIMIT_PUBLIC_CHECK = os.environ.get("RATELIMIT_PUBLIC_CHECK", "30 per minute")
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "10 per 15 minutes")
    RATELIMIT_DESK_CHECK = os.environ.get("RATELIMIT_DESK_CHECK", "600 per minute")
    RATELIMIT_DECODE = os.environ.get("RATELIMIT_DECODE", "60 per minute")
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") != "0"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "kaikukortti@localhost")
    # The national centre's address: feedback meeting invitations and contact changes; empty: not mailed.
    NATIONAL_CENTRE_EMAIL = os.environ.get("NATIONAL_CENTRE_EMAIL", "")
    PREFERRED_URL_SCHEME = "https"
    PROXY_FIX = os.environ.get("PROXY_FIX", "0") == "1"
    # Background jobs (app.core.jobs): on RQ with Redis, else in the web process.
    JOB_QUEUE_URL = os.environ.get("REDIS_URL")
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "kaikukanta")
    JOB_RETRIES = 3
    JOB_RETRY_SECONDS = [10, 60, 300]
    JOB_KEEP_DAYS = int(os.environ.get("JOB_KEEP_DAYS", "30"))
    JOBS_TICK_SECONDS = int(os.environ.get("JOBS_TICK_SECONDS", "300"))  # scheduled jobs checked from requests; 0 = cron only
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")  # /metrics with this bearer token; without it, from this host only
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")


class TestConfig(Config):
    TESTING = True
    MAIL_SERVER = None
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    SESSION_REDIS_URL = None
    PUBLIC_BASE_URL = "https://kortti.example"
    PREFERRED_URL_SCHEME = "http"
    JOB_QUEUE_URL = None
    JOBS_TICK_SECONDS = 0
    METRICS_TOKEN = None
    LOG_FORMAT = "text"
