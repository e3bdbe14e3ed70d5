"""Studio tests reuse the page client and the live server + chromium of the browser tests."""

from tests.browser.conftest import browser, live_server, shot  # noqa: F401

try:  # the cookie-keeping page client; newer trees define it in the root conftest
    from tests.web.conftest import client, other_client  # noqa: F401
except ImportError:
    pass
