"""Letters reach the reporter (tracking page and API, by key) and stay away from copy units.

The follow-up letter names a reporter who did not stay anonymous: a unit that only received
a copy (tembusan) of the case must not download it; the unit holding the case, the verifying
coordinator and auditors keep it. The reporter gets his own letters, never the nota dinas.
"""

from __future__ import annotations

import re

import pytest
from flask import current_app

from domain.clock import clock
from domain.db import db
from domain.enums import Role
from domain.letters import operations as letters
from domain.org.models import User
from tests.factories import complete, create_user, submit
from tests.web.helpers import csrf
from web.auth import issue_token

PDF = b"%PDF-1.4\n% a stand-in for a rendered letter\n%%EOF\n"


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def _fresh(role: Role, unit: str | None = None) -> User:
    """A new user, committed: a 4xx response rolls its request back, keep the setup."""
    user = create_user(role, unit)
    db.session.commit()
    return user


def _disposed(world, *, anonymous: bool):
    """A case disposed to medan.health with a copy to medan.works, and both letters stored."""
    receipt = submit(anonymous=anonymous)
    case = receipt.case
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat hipertensi kosong", unit_code="medan.health",
             copies=["medan.works"])
    data_dir = current_app.config["ADUAN"].data_dir
    stored = {}
    for kind in ("disposition", "follow_up"):
        stored[kind] = letters.store_letter(
            case, kind, PDF + kind.encode(), number=letters.next_number(case, kind, clock.now()),
            data_dir=data_dir, now=clock.now())
    db.session.commit()  # a 4xx response rolls its request back; keep the setup
    return receipt, stored


def _kinds(response) -> set[str]:
    assert response.status_code == 200, response.get_json()
    return {x["kind"] for x in response.get_json()["items"]}


def test_copy_unit_gets_no_letter_naming_the_reporter(client, world):
    receipt, stored = _disposed(world, anonymous=False)
    base = f"/api/v1/cases/{receipt.tracking_id}/letters"
    copy_unit = _bearer(_fresh(Role.LIAISON, "medan.works"))
    assert _kinds(client.get(base, headers=copy_unit)) == {"disposition"}
    assert client.get(f"{base}/{stored['follow_up'].id}.pdf", headers=copy_unit).status_code == 404
    assert client.get(f"{base}/{stored['disposition'].id}.pdf",
                      headers=copy_unit).status_code == 200
    keepers = [_fresh(Role.LIAISON, "medan.health"), _fresh(Role.SUPERVISOR, "medan.health"),
               _fresh(Role.COORDINATOR, "medan.secretariat"), _fresh(Role.NATIONAL_ADMIN),
               _fresh(Role.AUDITOR)]
    for user in keepers:
        username = user.username
        headers = _bearer(user)
        assert _kinds(client.get(base, headers=headers)) == {"disposition", "follow_up"}, username
        pdf = client.get(f"{base}/{stored['follow_up'].id}.pdf", headers=headers)
        assert pdf.status_code == 200 and pdf.data == PDF + b"follow_up", username


def test_copy_unit_documents_page_hides_it_too(client, world):
    from tests.web.helpers import login

    receipt, stored = _disposed(world, anonymous=False)
    login(client, _fresh(Role.LIAISON, "medan.works"))
    page = client.get(f"/documents/cases/{receipt.tracking_id}/letters").get_data(as_text=True)
    assert "Nota dinas disposisi" in page and "Surat tindak lanjut" not in page
    url = f"/documents/cases/{receipt.tracking_id}/letters/{stored['follow_up'].id}.pdf"
    assert client.get(url).status_code == 404


def test_copy_unit_reads_the_letter_of_an_anonymous_report(client, world):
    receipt, stored = _disposed(world, anonymous=True)
    headers = _bearer(_fresh(Role.LIAISON, "medan.works"))
    base = f"/api/v1/cases/{receipt.tracking_id}/letters"
    assert _kinds(client.get(base, headers=headers)) == {"disposition", "follow_up"}
    assert client.get(f"{base}/{stored['follow_up'].id}.pdf", headers=headers).status_code == 200


def test_reporter_lists_and_downloads_his_letters_with_the_key_header(client, world):
    receipt, stored = _disposed(world, anonymous=False)
    base = f"/api/v1/cases/{receipt.tracking_id}/letters"
    key = {"X-Reporter-Key": receipt.reporter_key}
    listing = client.get(base, headers=key)
    assert _kinds(listing) == {"follow_up"}
    assert "casefile_url" not in listing.get_json()
    item = listing.get_json()["items"][0]
    assert receipt.reporter_key not in item["download_url"]
    pdf = client.get(item["download_url"], headers=key)
    assert pdf.status_code == 200 and pdf.data == PDF + b"follow_up"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    # Never the nota dinas, never the case file; a wrong key is the same 404.
    assert client.get(f"{base}/{stored['disposition'].id}.pdf", headers=key).status_code == 404
    wrong = {"X-Reporter-Key": "not-the-key"}
    assert client.get(base, headers=wrong).status_code == 404
    assert client.get(f"{base}/{stored['follow_up'].id}.pdf", headers=wrong).status_code == 404
    assert client.get(base).status_code == 401  # neither key nor token


def _open_private(client, receipt) -> str:
    token = csrf(client, f"/track/{receipt.tracking_id}")
    page = client.post(f"/track/{receipt.tracking_id}",
                       data={"csrf_token": token, "reporter_key": receipt.reporter_key})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_tracking_page_offers_the_follow_up_letter_by_post(client, world):
    receipt, stored = _disposed(world, anonymous=False)
    public = client.get(f"/track/{receipt.tracking_id}").get_data(as_text=True)
    assert 'id="reporter-letters"' not in public
    page = _open_private(client, receipt)
    section = page.split('id="reporter-letters"', 1)[1].split("</section>", 1)[0]
    assert "Surat tindak lanjut" in section and stored["follow_up"].number in section
    assert "Nota dinas" not in section
    actions = re.findall(r'action="([^"]+)"', section)
    url = f"/track/{receipt.tracking_id}/letters/{stored['follow_up'].id}"
    assert actions == [url]
    assert all(receipt.reporter_key not in a for a in actions)  # the key is never in a URL
    token = csrf(client, f"/track/{receipt.tracking_id}")
    pdf = client.post(url, data={"csrf_token": token, "reporter_key": receipt.reporter_key})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data == PDF + b"follow_up"
    assert pdf.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("key", ["", "wrong-key"])
def test_tracking_download_needs_the_key(client, world, key):
    receipt, stored = _disposed(world, anonymous=False)
    token = csrf(client, f"/track/{receipt.tracking_id}")
    url = f"/track/{receipt.tracking_id}/letters/{stored['follow_up'].id}"
    response = client.post(url, data={"csrf_token": token, "reporter_key": key})
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert client.get(url).status_code == 405


def test_tracking_download_refuses_the_nota_dinas(client, world):
    receipt, stored = _disposed(world, anonymous=False)
    token = csrf(client, f"/track/{receipt.tracking_id}")
    url = f"/track/{receipt.tracking_id}/letters/{stored['disposition'].id}"
    response = client.post(url, data={"csrf_token": token, "reporter_key": receipt.reporter_key})
    assert response.status_code == 404
