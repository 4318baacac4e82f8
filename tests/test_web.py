"""Sign-in, language, headers, error pages, and the public card page, as a person meets them."""
import pytest

from app import create_app
from app.config import Config
from app.extensions import db
from tests.conftest import csrf_from, login
from tests.factories import (
    PASSWORD, ActiveCardFactory, ExpiredCardFactory, InactivatedCardFactory, StockCardFactory,
)


def test_each_role_lands_on_its_start_page(app, world):
    starts = {"national_admin": "/admin", "coordinator": "/admin", "distributor": "/issue", "venue": "/scan"}
    for role, path in starts.items():
        client = app.test_client()
        response = login(client, world.people[role].email)
        assert response.headers["Location"].endswith(path)
        assert client.get(path).status_code == 200


def test_wrong_password_says_so_and_does_not_sign_in(client, world):
    response = login(client, world.people["venue"].email, "wrong password")
    assert response.status_code == 200
    assert "Väärä sähköpostiosoite tai salasana" in response.get_data(as_text=True) or \
        "Wrong email or password" in response.get_data(as_text=True)
    assert client.get("/scan").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(client, world):
    assert client.get("/issue").headers["Location"].startswith("/login?next=/issue")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"email": world.people["distributor"].email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login?next=/issue", data=data).headers["Location"] == "/issue"
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/issue").get_data(as_text=True))})
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data["csrf_token"] = token
    assert client.post("/login?next=//evil.example/", data=data).headers["Location"] == "/issue"


def test_login_is_rate_limited(client, world):
    statuses = [login(client, "nobody@example.fi", "x").status_code for _ in range(12)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_logout_needs_post_with_csrf(login_as):
    client = login_as("venue")
    assert client.post("/logout").status_code == 400
    token = csrf_from(client.get("/scan").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/scan").status_code == 302


def test_an_inactive_person_cannot_sign_in(client, world):
    world.people["venue"].active = False
    db.session.commit()
    assert login(client, world.people["venue"].email).status_code == 200
    assert client.get("/scan").status_code == 302


def test_production_cookies_are_secure_and_http_only():
    app = create_app(Config, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax" and app.config["REMEMBER_COOKIE_SECURE"]


def test_csp_allows_no_inline_scripts_and_pages_have_none(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " onclick=" not in html and " style=" not in html


@pytest.mark.parametrize("lang, text", [("fi", "Tarkista korttisi"), ("sv", "Kontrollera ditt kort"),
                                        ("en", "Check your card")])
def test_language_from_browser_and_switcher(client, lang, text):
    assert text in client.get("/", headers={"Accept-Language": lang}).get_data(as_text=True)


def test_language_choice_is_kept_for_the_visitor_and_the_person(client, world):
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/language", data={"lang": "sv", "next": "/", "csrf_token": token})
    assert "Kontrollera ditt kort" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    login(client, world.people["venue"].email)
    token = csrf_from(client.get("/scan").get_data(as_text=True))
    client.post("/language", data={"lang": "en", "next": "/scan", "csrf_token": token})
    db.session.expire_all()
    assert world.people["venue"].language == "en"


def test_finnish_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="fi"' in html and "Tarkista korttisi" in html


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 429, 500])
def test_error_pages_in_html_and_json(app, status):
    from flask import abort

    def fail():
        if status == 500:
            raise RuntimeError("boom")
        abort(status)

    app.add_url_rule(f"/fail-{status}", f"fail{status}", fail)
    app.add_url_rule(f"/api/v1/fail-{status}", f"apifail{status}", fail)
    client = app.test_client()
    page = client.get(f"/fail-{status}", headers={"Accept-Language": "en"})
    assert page.status_code == status and page.mimetype == "text/html"
    assert f"Error {status}" in page.get_data(as_text=True)
    api = client.get(f"/api/v1/fail-{status}", headers={"Accept-Language": "sv"})
    assert api.status_code == status and set(api.get_json()) == {"error", "message"}


PUBLIC_STATES = {
    "valid": lambda w: ActiveCardFactory.create(w.distributor).id,
    "expired": lambda w: ExpiredCardFactory.create(w.distributor).id,
    "not_in_use": lambda w: InactivatedCardFactory.create(w.distributor).id,
    "not_registered": lambda w: StockCardFactory.create(site=w.distributor).id,
}


@pytest.mark.db
@pytest.mark.parametrize("state", sorted(PUBLIC_STATES))
def test_public_card_page_and_api_show_only_the_state(client, world, state):
    card_id = PUBLIC_STATES[state](world)
    db.session.commit()
    page = client.get(f"/c/{card_id}")
    assert page.status_code == 200 and f'data-state="{state}"' in page.get_data(as_text=True)
    body = client.get(f"/api/v1/public/cards/{card_id}").get_json()
    assert body["state"] == state and set(body) == {"state", "valid_until"}
    assert (body["valid_until"] is not None) == (state in ("valid", "expired"))


@pytest.mark.db
def test_public_check_does_not_tell_unknown_from_inactivated(client, world):
    gone = InactivatedCardFactory.create(world.distributor).id
    db.session.commit()
    unknown = "KK-0000-0000" + __import__("app.cards.ids", fromlist=["check_char"]).check_char("00000000")
    assert client.get(f"/api/v1/public/cards/{gone}").get_json() == \
        client.get(f"/api/v1/public/cards/{unknown}").get_json()


def test_public_check_of_a_wrong_check_character_says_check_the_number(client):
    response = client.get("/check?card=KK-0000-00001", headers={"Accept-Language": "en"})
    assert 'data-state="malformed"' in response.get_data(as_text=True)
    assert "Check the number" in response.get_data(as_text=True)


def test_public_check_is_rate_limited_per_address(client):
    statuses = [client.get("/api/v1/public/cards/KK-0000-00000").status_code for _ in range(35)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_revoking_access_ends_an_open_session(login_as, world):
    client = login_as("venue")
    assert client.get("/scan").status_code == 200
    world.people["venue"].active = False
    db.session.commit()
    assert client.get("/scan").status_code == 302


def test_staff_of_a_site_that_has_not_acknowledged_are_told_where_to_do_it(login_as, world):
    from tests.factories import publish_commitment
    publish_commitment()
    db.session.commit()
    html = login_as("venue").get("/scan").get_data(as_text=True)
    assert f'data-site-not-operating="{world.venue.id}"' in html and 'href="/commitment"' in html
