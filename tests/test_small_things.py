"""Small things a user notices on every page: the tab icon and where they are in the navigation."""
import re

import pytest


def current_nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_favicon_answers_with_the_app_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg") and "max-age" in response.headers["Cache-Control"]


def test_pages_point_the_browser_at_the_icon(client):
    html = client.get("/").get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert link and client.get(link.group(1)).status_code == 200


@pytest.mark.parametrize("role, url, current", [
    ("coordinator", "/admin", "/admin"),
    ("coordinator", "/admin/import", "/admin"),
    ("national_admin", "/admin/people", "/admin"),
    ("distributor", "/issue/register", "/issue"),
    ("venue", "/scan", "/scan"),
    ("venue", "/venue/offers", "/venue/offers"),
])
def test_the_navigation_marks_the_section_of_the_page(login_as, role, url, current):
    client = login_as(role)
    response = client.get(url)
    assert response.status_code == 200
    assert current_nav_links(response.get_data(as_text=True)) == [current]


def test_a_visitor_sees_the_current_public_section_and_nothing_on_the_front_page(client):
    assert current_nav_links(client.get("/").get_data(as_text=True)) == []
    assert current_nav_links(client.get("/offers").get_data(as_text=True)) == ["/offers"]
    assert current_nav_links(client.get("/login").get_data(as_text=True)) == ["/login"]
