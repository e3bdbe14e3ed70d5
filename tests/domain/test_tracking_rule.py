"""The one tracking rule (page and API): the key opens everything, else public cases only."""

from __future__ import annotations

from domain.cases.history import Audience
from domain.cases.public import tracking_audience
from tests.factories import submit


def test_key_opens_the_reporter_view_and_a_confidential_case_is_nothing_without_it(world):
    public, secret = submit(confidential=False), submit(confidential=True)
    assert tracking_audience(public.case, None) == Audience.PUBLIC
    assert tracking_audience(public.case, "salah") == Audience.PUBLIC
    assert tracking_audience(public.case, public.reporter_key) == Audience.REPORTER
    assert tracking_audience(secret.case, None) is None
    assert tracking_audience(secret.case, public.reporter_key) is None  # another case's key
    assert tracking_audience(secret.case, f" {secret.reporter_key} ") == Audience.REPORTER
