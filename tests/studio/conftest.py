"""Studio tests reuse the live server and chromium of the browser tests (tests/browser).

The cookie-keeping page client (`client`, `other_client`) comes from the root conftest.
"""

from tests.browser.conftest import browser, live_server, shot  # noqa: F401
