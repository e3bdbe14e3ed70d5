"""The location map in a real browser: the citizen clicks the map, the coordinates fill in,
the case keeps them and the desk's case page shows them on its own map.

Tiles come from a tiny PNG server the test runs on another local port (ADUAN_TILE_URL
points at it), so the page's CSP must allow exactly that origin for images; nothing is
fetched from outside.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from tests.browser.test_complaint_flow import _login, _open_case

pytestmark = pytest.mark.browser
TIMEOUT = 15_000
# A 1x1 grey PNG.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCB3bZDSQAAAABJRU5ErkJggg==")


class _Tiles(BaseHTTPRequestHandler):
    served: list[str] = []

    def do_GET(self) -> None:
        _Tiles.served.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tile_url(app) -> Iterator[str]:
    """A local tile server, and the app configured to use it for the length of the test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png"
    original = app.config["ADUAN"]
    app.config["ADUAN"] = replace(original, tile_url=url, tile_attribution="Test tiles")
    _Tiles.served.clear()
    try:
        yield url
    finally:
        app.config["ADUAN"] = original
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_default_timeout(TIMEOUT)
    return problems


def _fill_report(page) -> None:
    page.check('input[name="kind"][value="complaint"]')
    page.fill("#in-title", "Jalan berlubang di depan pasar")
    page.fill("#in-description", "Lubang besar di jalan depan pasar, sudah dua minggu.")
    page.select_option("#in-category", "roads")
    page.select_option("#in-region", "12.71")


def _marker_box(page) -> dict:
    return page.locator("#location-map .leaflet-marker-icon").bounding_box()


def test_the_citizen_picks_the_place_on_the_map_and_the_desk_sees_it(
        live_server, tile_url, browser, shot):
    page = browser.new_context(locale="id-ID").new_page()
    problems = _watch(page)
    page.goto(f"{live_server}/")
    response = page.request.get(f"{live_server}/")
    csp = response.headers["content-security-policy"]
    assert "img-src 'self' data: http://127.0.0.1:" in csp and "script-src 'self';" in csp
    page.wait_for_selector("#location-map .leaflet-tile-loaded", state="attached")
    assert any(path.startswith("/tiles/") for path in _Tiles.served)
    page.locator("#location-map").click(position={"x": 300, "y": 120})
    page.wait_for_selector("#location-map .leaflet-marker-icon")
    lat, lon = float(page.input_value("#in-latitude")), float(page.input_value("#in-longitude"))
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    before = _marker_box(page)
    page.fill("#in-latitude", f"{lat + 5:.6f}")
    page.press("#in-latitude", "Tab")  # a typed coordinate moves the marker
    assert _marker_box(page)["y"] < before["y"]
    page.fill("#in-latitude", f"{lat:.6f}")
    page.press("#in-latitude", "Tab")
    _fill_report(page)
    shot(page, "map-01-picked")
    page.click("#submit-report")
    page.wait_for_selector("#reporter-key")
    tracking_id = page.inner_text("#tracking-id").strip().replace("-", "")
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()
    assert (round(case.latitude, 6), round(case.longitude, 6)) == (round(lat, 6), round(lon, 6))

    desk = browser.new_context().new_page()
    problems += _watch(desk)
    _login(desk, live_server, "verifier")
    _open_case(desk, live_server, tracking_id)
    assert f"{lat:.6f}, {lon:.6f}" in desk.inner_text("#coordinates")
    desk.wait_for_selector("#case-map .leaflet-marker-icon")
    shot(desk, "map-02-desk")
    assert problems == []
