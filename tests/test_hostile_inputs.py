"""Every route, as every role and anonymously, with hostile values in every path, query, form and JSON
parameter: no answer is ever a 5xx. Forms are found on the pages themselves and posted with one field
made hostile at a time; JSON bodies follow the OpenAPI document's schemas."""
import json
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import app as app_package
from app.extensions import db, limiter
from app.models import Card, CardSeries, Event, Membership, NationalSettings, RefusedScan, Use
from tests.conftest import csrf_from, login, post_form
from tests.test_ops import stamp
from tests.factories import ActiveCardFactory, StockCardFactory, event, user

pytestmark = pytest.mark.db

ROLES = ("anonymous", "national_admin", "coordinator", "distributor", "venue")
DEEP = "[" * 5000 + "]" * 5000
DEEP_MARK = "__deep__"
NUL, SURROGATE, HUGE, ARABIC_DIGITS, LONG = "a\x00b", "\ud800", "9" * 20, "١٩٨٠", "x" * 10_000
# Values a view must read and refuse itself, one at a time in path parameters and form fields, and
# rotated over the names in query strings. NUL bytes and lone surrogates are refused before any view,
# so they go into every parameter of one request each.
VALUES = [HUGE, "-1", "abc", ARABIC_DIGITS, LONG, "0001-01-01", ""]
UNREADABLE = [NUL, SURROGATE]
JSON_VALUES = [NUL, SURROGATE, 10**20, -1, ARABIC_DIGITS, LONG, [], {}, True, None, 1.5, DEEP_MARK]
# Every name a view reads from the query string (grep request.args / request.values / FindForm).
QUERY = ("area", "year", "event_id", "children", "page", "q", "lang", "next", "card", "postcode",
         "municipality", "category", "state", "action", "from", "to", "since", "format", "kind", "series", "reason",
         "scope", "table")
# Baseline values for form fields a page leaves empty, so that one hostile field reaches the service.
FORM_DEFAULTS = {"birth_year": "1980", "postcode": "04300", "children": "0", "count": "1", "name": "Walk",
                 "capacity": "10", "starts_at": "2030-01-01T10:00", "email": "walk@example.fi"}
JSON_BASE = {"card": None, "client_scan_id": None, "adults": 1, "children": 0, "assistants": 0, "source": "manual",
             "name": "Walk", "starts_at": "2030-01-01T10:00", "capacity": 10, "reason": "lost", "kind": "client",
             "birth_year": 1980, "postcode": "04300", "municipality": "858"}
EXTRA_PAGES = ("/admin/stock?area={area_id}", "/issue/register?card={stock}")
PARAM = re.compile(r"<(?:([^:>]+):)?([^>]+)>")


def enc(value: str) -> str:
    """Percent-encoded as a browser would send it; a lone surrogate becomes bytes that are not UTF-8."""
    return quote(value, safe="", errors="surrogatepass")


def query(value: str | None = None, shift: int = 0) -> str:
    """Every query parameter a view reads: all `value`, or the hostile values rotated by `shift`."""
    return "&".join(f"{name}={enc(value if value is not None else VALUES[(shift + i) % len(VALUES)])}"
                    for i, name in enumerate(QUERY))


def form_body(fields: dict[str, str]) -> str:
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in fields.items())


def json_text(body) -> str:
    return json.dumps(body).replace(json.dumps(DEEP_MARK), DEEP)


class Forms(HTMLParser):
    """The forms on a page: action, method and the fields with the values the page gives them."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").upper(),
                            "fields": {}}
            self.forms.append(self.current)
        elif self.current is None or not attrs.get("name"):
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self.current["fields"].setdefault(attrs["name"], "")
            else:
                self.current["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag in ("textarea", "select"):
            self.current["fields"].setdefault(attrs["name"], "")
            self.select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self.select and attrs.get("value"):
            if not self.current["fields"].get(self.select) or "selected" in attrs:
                self.current["fields"][self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


class Walk:
    """One role's walk: the requests sent, the answers >= 500, and the forms found on the way."""

    def __init__(self, client, role, samples, schemas):
        self.client, self.role, self.samples, self.schemas = client, role, samples, schemas
        self.count, self.failures, self.forms = 0, [], {}
        self.token = None

    def send(self, method, url, *, body=None, content_type=None):
        headers = {"Accept": "text/html"}
        if method not in ("GET", "HEAD"):
            headers["X-CSRFToken"] = self.token
        if url.startswith("/api/"):
            headers["Accept"] = "application/json"
        try:
            response = self.client.open(url, method=method, data=body, content_type=content_type, headers=headers)
            status = response.status_code
            page = response.get_data(as_text=True) if status == 200 and response.mimetype == "text/html" else ""
        except Exception as err:  # the test client re-raises what the app did not handle
            status, page = 599, repr(err)[:200]
        self.count += 1
        if status >= 500:
            shown = body if not isinstance(body, str) or len(body) < 300 else body[:300] + "..."
            self.failures.append(f"{self.role} {method} {url[:300]} {shown!r} -> {status}")
        return status, page

    def form(self, method, url, fields):
        return self.send(method, url, body=form_body({**fields, "csrf_token": self.token}),
                         content_type="application/x-www-form-urlencoded")

    def json(self, method, url, body):
        return self.send(method, url, body=json_text(body) if not isinstance(body, str) else body,
                         content_type="application/json")

    def url(self, rule, **given) -> str:
        return PARAM.sub(lambda m: given.get(m.group(2), self.samples[m.group(2)]), rule)

    def route(self, rule, method, thorough: bool):
        """Thorough where the role may use the route; otherwise a few requests that must be refused
        (401, 403, a redirect to sign in) before any input is read."""
        base = self.url(rule.rule)
        if not thorough:
            self.send(method, f"{base}?{query(HUGE)}")
            if method != "GET":
                self.form(method, base, {name: HUGE for name in self.all_fields()})
                self.json(method, base, DEEP)
            return
        for converter, name in PARAM.findall(rule.rule):
            for value in [HUGE, "-1", "abc"] if converter == "int" else UNREADABLE + VALUES[:-1]:
                self.send(method, self.url(rule.rule, **{name: enc(value)}))
        for value in UNREADABLE:
            self.send(method, f"{base}?{query(value)}")
        for shift in range(len(VALUES)):
            self.send(method, f"{base}?{query(shift=shift)}")
        for value in (HUGE, "abc"):
            self.send(method, f"{base}?site={enc(value)}")
        if method == "GET":
            status, page = self.send(method, base)
            if status == 200:
                self.collect_forms(base, page)
            return
        for value in (NUL, HUGE, "abc", ARABIC_DIGITS, LONG):
            self.form(method, base, {name: value for name in self.all_fields()})
        for value in (NUL, 10**20):
            self.json(method, base, {"site": value})
        self.json(method, base, DEEP)
        if base.startswith("/api/"):
            self.api_bodies(rule, method)

    def all_fields(self) -> set[str]:
        return {name for form in self.forms.values() for name in form["fields"]} - {"csrf_token"}

    def collect_forms(self, url, page):
        parser = Forms()
        parser.feed(page)
        for form in parser.forms:
            action = form["action"] or url
            if urlsplit(action).netloc or action.startswith("/logout"):
                continue
            fields = {k: v or FORM_DEFAULTS.get(k, "") for k, v in form["fields"].items()}
            self.forms.setdefault((form["method"], action, tuple(sorted(fields))), {**form, "action": action,
                                                                                   "fields": fields})

    def post_forms(self):
        """Each form found, with one field at a time made hostile and the others as the page gave them."""
        for form in list(self.forms.values()):
            names = [name for name in form["fields"] if name != "csrf_token"]
            variants = [{name: value for name in names} for value in UNREADABLE]
            variants += [{name: value} for name in names for value in VALUES]
            for variant in variants:
                fields = {**form["fields"], **variant}
                if form["method"] == "GET":
                    self.send("GET", f"{form['action'].split('?')[0]}?{form_body(fields)}")
                else:
                    self.form("POST", form["action"], fields)

    def api_bodies(self, rule, method):
        path = PARAM.sub(lambda m: "{" + m.group(2) + "}", rule.rule.removeprefix("/api/v1"))
        schema = self.schemas(path, method)
        if not schema:
            return
        for body in hostile_bodies(schema, self.schemas, self.samples):
            url = self.url(rule.rule, raw=self.samples["fresh_stock"]()) if path.endswith("registration") else \
                self.url(rule.rule)
            self.json(method, url, body)


def hostile_bodies(schema, resolve, samples):
    """The schema's valid baseline with one property made hostile at a time (inside list items too)."""
    properties = schema.get("properties", {})
    base = {name: baseline(name, samples) for name in properties if name in JSON_BASE}
    for name, spec in properties.items():
        item_ref = spec.get("items", {}).get("$ref")
        if item_ref:
            item_schema = resolve.component(item_ref)
            for item in hostile_bodies(item_schema, resolve, samples):
                yield {**base, name: [{k: baseline(k, samples) for k in item_schema["properties"]
                                       if k in JSON_BASE}, item]}
        for value in JSON_VALUES:
            yield {**base, name: value}


def baseline(name, samples):
    if name == "card":
        return samples["raw"]
    if name == "client_scan_id":
        return str(uuid.uuid4())
    return JSON_BASE[name]


class Schemas:
    """Request body schemas from /api/v1/openapi.json, by path and method."""

    def __init__(self, doc):
        self.doc = doc

    def component(self, ref):
        return self.doc["components"]["schemas"][ref.rsplit("/", 1)[1]]

    def __call__(self, path, method):
        op = self.doc["paths"].get(path, {}).get(method.lower(), {})
        schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if schema and "$ref" in schema:
            schema = self.component(schema["$ref"])
        return schema


def samples_for(world):
    card = ActiveCardFactory.create(world.distributor)
    victim = user("venue", org=world.other_venue, email="victim@example.fi")
    db.session.flush()
    show = event(world.venue)
    use = Use(client_scan_id="hostile-walk-1", card_id=card.id, venue_id=world.venue.id, scanned_at=show.created_at,
              category="culture", source="manual")
    db.session.add(use)
    db.session.flush()
    membership = db.session.query(Membership).filter_by(user_id=victim.id).first()
    db.session.commit()

    def fresh_stock():
        stock = StockCardFactory.create(site=world.distributor)
        db.session.commit()
        return stock.id

    return {"raw": card.id, "card_id": card.id, "use_id": str(use.id), "offer_id": "1", "event_id": str(show.id),
            "filename": "css/app.css", "org_id": str(world.other_venue.id), "area_id": str(world.area.id),
            "series_id": "1", "user_id": str(victim.id), "membership_id": str(membership.id if membership else 1),
            "invitation_id": "1", "request_id": "1", "token": "x", "task_id": "1", "year": "2025", "fmt": "csv",
            "job_id": "1", "list_id": "1", "round_id": "1", "meeting_id": "1", "reminder_id": "1",
            "material_id": "1", "contact_id": "1", "fresh_stock": fresh_stock}


def test_the_walk_knows_every_query_parameter_a_view_reads():
    source = "\n".join(path.read_text() for path in Path(app_package.__file__).parent.rglob("*.py"))
    read = set(re.findall(r'request\.(?:args|values)(?:\.get\(|\[)\s*"(\w+)"', source))
    read |= set(re.findall(r'day_arg\("(\w+)"\)', source))
    assert read - {"site"} <= set(QUERY), "add the new query parameter to QUERY"


def routes(app):
    """Every rule and method, sign-out last."""
    found = [(rule, method) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda item: (item[0].endpoint == "auth.logout", item[0].rule, item[1]))


def test_no_hostile_input_gives_a_server_error(app, world, capsys):
    app.config["JOB_RUNNER"] = lambda work: work()  # exports started by the walk run inline, not in a thread
    stamp(app)  # the schema version `flask db upgrade` leaves, so that /readyz answers 200, not 503
    samples = samples_for(world)
    schemas = Schemas(app.test_client().get("/api/v1/openapi.json").get_json())
    count, failures = 0, []
    for role in ROLES:
        limiter.reset()
        client = app.test_client()
        if role != "anonymous":
            assert login(client, world.people[role].email).status_code == 302
        walk = Walk(client, role, samples, schemas)
        walk.token = csrf_from(client.get("/").get_data(as_text=True))
        for page in EXTRA_PAGES:  # pages whose forms only show with a query
            url = page.format(area_id=samples["area_id"], stock=samples["fresh_stock"]())
            status, html = walk.send("GET", url)
            if status == 200:
                walk.collect_forms(url, html)
        for rule, method in routes(app):
            if rule.endpoint == "auth.logout":  # ends the session, so it goes after the forms
                walk.post_forms()
            allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
            # Public pages are walked thoroughly once, anonymously.
            walk.route(rule, method, thorough=role in allowed if allowed is not None else role == "anonymous")
        count += walk.count
        failures += walk.failures
    with capsys.disabled():
        print(f"\nhostile walk: {count} requests, {len(failures)} responses >= 500")
    assert not failures, f"{len(failures)} of {count} requests gave >= 500:\n" + "\n".join(failures[:200])


# --- One test per hole the outside probe found -------------------------------------------------

REGISTRATION = {"birth_year": 1980, "postcode": "04300", "municipality": "858", "children": 0}


@pytest.mark.parametrize("field, value", [("birth_year", "١٩٨٠"), ("birth_year", "1980"), ("postcode", "٠٤٣٠٠"),
                                          ("postcode", "０４３００")])
def test_only_ascii_digits_make_a_birth_year_or_postcode_in_the_api(world, distributor_api, field, value):
    card = StockCardFactory.create(site=world.distributor)
    db.session.commit()
    response = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json={**REGISTRATION, field: value})
    assert response.status_code == 400
    assert response.get_json()["error"] == f"invalid_{field}" and response.get_json()["field"] == field
    db.session.expire_all()
    assert db.session.get(Card, card.id).state == "stock"


@pytest.mark.parametrize("field, value", [("birth_year", "١٩٨٠"), ("postcode", "٠٤٣٠٠"), ("children", "٢")])
def test_only_ascii_digits_make_a_number_in_the_registration_form(login_as, world, field, value):
    client = login_as("distributor")
    card = StockCardFactory.create(site=world.distributor)
    db.session.commit()
    form = {"card": card.id, "birth_year": "1980", "postcode": "04300", "municipality": "858", "children": "0",
            field: value}
    response = post_form(client, "/issue/register", form)
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Card, card.id)
    assert stored.state == "stock" and stored.birth_year is None and stored.postcode is None


@pytest.mark.parametrize("body", [{"card": "KK\x00X", "client_scan_id": "scan-with-nul"},
                                  {"card": "\ud800", "client_scan_id": "scan-with-surrogate"},
                                  {"card": "KK", "client_scan_id": "scan-\x00-0001"}])
def test_a_nul_byte_or_lone_surrogate_in_a_json_field_is_400(world, venue_api, body):
    response = venue_api.post("/api/v1/uses", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("invalid_") and response.get_json()["message"]
    assert db.session.query(RefusedScan).count() == 0


def test_a_nul_byte_in_a_query_string_or_form_is_400(login_as, world):
    client = login_as("coordinator")
    assert client.get("/admin/organisations?state=a%00b").status_code == 400
    assert post_form(client, "/admin/organisations/new", {"name": "Teatteri\x00"}).status_code == 400


@pytest.mark.parametrize("body", [{"sold_out": "false"}, {"sold_out": 0}, {"capacity": "10"}, {"capacity": True},
                                  {"capacity": 10.0}, {"quota": "1"}])
def test_event_fields_have_strict_types(world, venue_api, body):
    base = {"name": "Hamlet", "starts_at": "2030-05-04T19:00", "capacity": 10}
    created = venue_api.post("/api/v1/events", json={**base, **body})
    assert created.status_code == 400 and created.get_json()["field"] == next(iter(body))
    event_id = venue_api.post("/api/v1/events", json=base).get_json()["event_id"]
    changed = venue_api.patch(f"/api/v1/events/{event_id}", json=body)
    assert changed.status_code == 400 and changed.get_json()["error"] == f"invalid_{next(iter(body))}"
    db.session.expire_all()
    assert db.session.get(Event, event_id).sold_out is False


@pytest.mark.parametrize("url", [f"/distributors?area={HUGE}", f"/offers/brochure?area={HUGE}",
                                 f"/offers/brochure.pdf?area={HUGE}", "/distributors?area=abc",
                                 "/offers/brochure?area=١"])
def test_a_huge_or_odd_area_in_a_public_query_is_no_server_error(client, world, url):
    assert client.get(url).status_code in (200, 302, 400, 404)


@pytest.mark.parametrize("url", ["/admin/organisations?area=99999999999999999999", "/admin/stock?area=abc",
                                 "/admin/audit?page=99999999999999999999", "/admin/audit?from=0001-01-01",
                                 "/admin/audit?to=9999-12-31", "/admin/refused-scans?page=-1"])
def test_odd_numbers_in_admin_queries_are_no_server_error(login_as, world, url):
    assert login_as("national_admin").get(url).status_code in (200, 400, 404)


@pytest.mark.parametrize("fields", [{"count-series": "abc"}, {"count-series": "99999999999999999999"},
                                    {"count-site": "abc"}, {"count-count": "١٠"}])
def test_non_integer_stock_form_values_are_refused_not_500(login_as, world, fields):
    client = login_as("coordinator")
    site = str(world.distributor.id)
    form = {"count-site": site, "count-kind": "client", "count-series": "", "count-count": "1", **fields}
    response = post_form(client, f"/admin/stock/{world.area.id}/count", form)
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("area", ["abc", "99999999999999999999", "١"])
def test_a_series_for_an_area_not_offered_is_refused(login_as, world, area):
    client = login_as("national_admin")
    response = post_form(client, "/admin/series/new", {"count": "1", "kind": "client", "area": area})
    assert response.status_code == 400
    assert db.session.query(CardSeries).count() == 0


@pytest.mark.parametrize("url", ["/api/v1/uses", "/api/v1/uses/batch", "/api/v1/events"])
def test_deeply_nested_json_is_400(world, venue_api, url):
    response = venue_api.post(url, data="[" * 5000 + "]" * 5000, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    nested = venue_api.post(url, data='{"uses": ' + "[" * 100 + "]" * 100 + "}", content_type="application/json")
    assert nested.status_code == 400


def test_the_openapi_document_is_generated_from_the_models_that_validate(client):
    from app.api import schemas

    doc = client.get("/api/v1/openapi.json").get_json()
    components = doc["components"]["schemas"]
    for model in schemas.MODELS:
        assert components[model.__name__]["properties"].keys() == model.model_fields.keys()
    assert components["Batch"]["properties"]["uses"]["items"] == {"$ref": "#/components/schemas/UseIn"}
    assert components["EventIn"]["properties"]["sold_out"]["type"] == "boolean"
    assert {"Verdict", "Error"} <= components.keys()
    assert "too_old" in components["Verdict"]["properties"]["reason"]["enum"]
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(doc))
    assert set(refs) <= components.keys()


def test_national_settings_take_only_ascii_digits(login_as, world):
    values = {"validity_months": "١٢", "child_age_limit": "18", "quota_percent": "5", "group_limit": "10",
              "undo_hours": "24", "note": "Board decision"}
    response = post_form(login_as("national_admin"), "/admin/settings", values)
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.get(NationalSettings, 1) is None
