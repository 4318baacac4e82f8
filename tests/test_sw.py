"""The service worker at /sw.js: served from the site's root, never cached stale, and it stores
only this app's own files."""
import json
import re
import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def served(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response


def test_the_worker_is_javascript_that_browsers_revalidate(client):
    response = served(client)
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_worker_names_no_other_host(client):
    body = served(client).get_data(as_text=True)
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", body, re.IGNORECASE)


def test_it_precaches_the_desk_the_camera_component_and_the_decoder_all_of_which_exist(client):
    body = served(client).get_data(as_text=True)
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    assert {"/static/js/desk/main.js", "/static/js/scanner/scanner.js", "/static/css/desk.css"} <= set(urls)
    assert all(url.startswith("/static/") and (STATIC / url.removeprefix("/static/")).is_file() for url in urls)
    if (STATIC / "js/vendor/zxing_reader.wasm").exists():
        assert "/static/js/vendor/zxing_reader.wasm" in urls


def test_its_version_changes_when_a_cached_file_does(app, client, tmp_path, monkeypatch):
    (tmp_path / "js").mkdir()
    (tmp_path / "css").mkdir()
    shutil.copy(STATIC / "js/sw.js", tmp_path / "js/sw.js")
    css = tmp_path / "css/desk.css"
    css.write_text(".desk {}")
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    version = re.compile(r'const STATIC_VERSION = "([0-9a-f]{16})";')
    before = version.search(served(client).get_data(as_text=True)).group(1)
    css.write_text(".desk { color: black; }")
    after = version.search(served(client).get_data(as_text=True)).group(1)
    assert before != after
