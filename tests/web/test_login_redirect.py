"""After a real login, `?next=` sends the officer to a page of this site and nowhere else."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from tests.web.helpers import csrf
from web.redirects import local_path

# Raw query-string values, as an attacker would put them in a link.
OFF_SITE = [
    "//evil.example",
    "/%09/evil.example",  # the tab is dropped by the browser: //evil.example
    "/%0d%0a/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "%01//evil.example",
    "/%5Cevil.example",  # /\evil.example
    "%5C%5Cevil.example",
    "///evil.example",
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "evil.example",
]


def _login(client, next_value: str):
    token = csrf(client, "/desk/login")
    return client.post(f"/desk/login?next={next_value}",
                       data={"csrf_token": token, "username": "verifier", "password": PASSWORD})


@pytest.mark.parametrize("next_value", OFF_SITE)
def test_login_never_redirects_off_site(client, world, next_value):
    response = _login(client, next_value)
    assert response.status_code == 303
    assert response.headers["Location"] == "/desk/"


def test_login_follows_a_local_next_with_its_query(client, world):
    response = _login(client, "/desk/cases%3Fq%3Djalan%26status%3Dsubmitted")
    assert response.status_code == 303
    assert response.headers["Location"] == "/desk/cases?q=jalan&status=submitted"


def test_local_path_reads_the_target_as_a_browser_does():
    assert local_path("/desk/\t") == "/desk/"
    assert local_path("  /audit/ ") == "/audit/"
    assert local_path("/\t/evil.example") is None
    assert local_path("/\\evil.example") is None
    assert local_path("/\x00/evil.example") is None
    assert local_path(None) is None and local_path("") is None
