"""Every protected URL, called as every role and as an anonymous visitor."""
import re

import pytest

from app.auth.scope import guard  # noqa: F401  (the guard marks views with allowed_roles
from tests.conftest import csrf_from, login
from tests.factories import ActiveCardFactory

ROLES = ("national_admin", "coordinator", "distributor", "venue")
PUBLIC = {"static", "public.front", "public.check", "public.card_page", "public.manifest", "auth.login",
          "public.service_worker", "public.favicon", "public.offers", "public.brochure", "public.brochure_pdf", "public.distributors", "public.national_statistics", "api.public_stats",
          "auth.logout", "auth.set_language", "auth.forgot_password", "api.public_card", "api.openapi", "auth.accept_invitation",
          "ops.healthz", "ops.readyz", "ops.prometheus_metrics"}  # /metrics: METRICS_TOKEN or this host only
SAMPLE = {"raw": "KK-0000-00000", "use_id": "1", "offer_id": "1", "event_id": "1", "filename": "x", "org_id": "1",
          "area_id": "1", "series_id": "1", "card_id": "KK-0000-00000", "user_id": "1",
          "membership_id": "1", "invitation_id": "1",
          "request_id": "1", "token": "x", "task_id": "1", "year": "2025", "fmt": "csv",
          "job_id": "1", "contact_id": "1", "material_id": "1", "list_id": "1", "round_id": "1", "meeting_id": "1", "reminder_id": "1"}


def protected_routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        allowed = getattr(view, "allowed_roles", None)
        if allowed is None:
            assert rule.endpoint in PUBLIC, f"{rule.endpoint} has no guard and is not listed as public"
            continue
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: SAMPLE[m.group(1)], rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, url, set(allowed)))
    return routes


def call(client, method, url):
    headers = {}
    if method != "GET":
        headers["X-CSRFToken"] = csrf_from(client.get("/").get_data(as_text=True))
    return client.open(url, method=method, json={}, headers=headers)


def test_there_are_protected_routes(app):
    assert len(protected_routes(app)) >= 10


@pytest.mark.parametrize("who", ("anonymous",) + ROLES)
def test_every_protected_url_as_every_role(app, world, who):
    app.config["JOB_RUNNER"] = lambda work: work()  # exports started by the walk run inline, not in a thread
    client = app.test_client()
    if who != "anonymous":
        assert login(client, world.people[who].email).status_code == 302
    ActiveCardFactory.create(world.distributor)
    failures = []
    for endpoint, method, url, allowed in protected_routes(app):
        status = call(client, method, url).status_code
        if who == "anonymous":
            expected_ok = status == 401 or (status == 302 and method == "GET" and not url.startswith("/api/"))
        elif who in allowed:
            expected_ok = status not in (401, 403)
        else:
            expected_ok = status == 403
        if not expected_ok:
            failures.append(f"{who} {method} {url} -> {status}")
    assert not failures, "\n".join(failures)


def test_the_statistics_are_walked_for_every_signed_in_role(app):
    """/stats is for every role, each seeing its own scope (tests/test_stats_dashboards.py); the
    feedback meeting only for coordinators and the national admin."""
    walked = {(endpoint, url): allowed for endpoint, _method, url, allowed in protected_routes(app)}
    assert walked[("dashboards.start", "/stats")] == set(ROLES)
    assert walked[("dashboards.feedback", "/stats/feedback")] == {"national_admin", "coordinator"}
