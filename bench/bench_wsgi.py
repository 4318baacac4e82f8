"""The app as gunicorn serves it, plus a one-line endpoint: the framework's ceiling on this server."""
from app import create_app

app = create_app()
app.add_url_rule("/bench/ping", "bench_ping", lambda: "ok")
