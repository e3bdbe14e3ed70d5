"""Studio tests reuse the page client (tests/web) and the live server + chromium (tests/browser)."""

from tests.browser.conftest import browser, live_server, shot  # noqa: F401
from tests.web.conftest import client, other_client  # noqa: F401
