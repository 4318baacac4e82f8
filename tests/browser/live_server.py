"""The app on a real port in a background thread, over a SQLite file both sides can open."""
import threading
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.network import refdata
from app.config import TestConfig
from app.extensions import db


class LiveServer:
    def __init__(self, directory: Path):
        self.app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{directory}/desk.sqlite",
                              RATELIMIT_ENABLED=False)
        with self.app.app_context():
            db.create_all()
            refdata.load(db.session.connection())
            db.session.commit()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join()
        with self.app.app_context():
            db.engine.dispose()
