"""Application factory: settings, extensions, blueprints, command line, error pages, headers."""
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from app.config import Config, engine_options
from app.extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale

ROOT = Path(__file__).resolve().parent.parent


class DatabaseId(IntegerConverter):
    """`<int:...>` in URLs: ids the database can hold; anything larger is simply not found."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_server_sessions(app: Flask) -> None:
    """With Redis, the session's contents live there and the cookie carries only a random id.
    Either way, who is signed in is checked against the database on every request (app.auth.sessions)."""
    url = app.config.get("SESSION_REDIS_URL")
    if not url:
        return
    import redis
    from flask_session import Session

    app.config.update(SESSION_TYPE="redis", SESSION_REDIS=redis.Redis.from_url(url),
                      SESSION_PERMANENT=True, SESSION_KEY_PREFIX=app.config.get("SESSION_KEY_PREFIX", "kk-session:"))
    Session(app)


def create_app(config: type | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.url_map.converters["int"] = DatabaseId
    app.config.from_object(config or Config)
    app.config.update(overrides)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"],
                                                             app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    if not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
        from app.core.reads import ping_idle_connections

        with app.app_context():
            ping_idle_connections(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Helsinki")
    init_server_sessions(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    from app import models  # noqa: F401  (registers the tables
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.dashboards import bp as dashboards_bp
    from app.issuing import bp as issuing_bp
    from app.public import bp as public_bp
    from app.scanning import bp as scanning_bp

    for blueprint in (auth_bp, public_bp, scanning_bp, issuing_bp, admin_bp, dashboards_bp, api_bp):
        app.register_blueprint(blueprint)

    from app import decoding, ops
    from app.cli import register_commands
    from app.web import register_web

    decoding.init_app(app)
    ops.init_app(app)  # before register_web: its after-request hooks then time the commit too
    register_commands(app)
    register_web(app)
    return app
