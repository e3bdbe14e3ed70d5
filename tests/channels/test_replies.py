"""Every automatic reply and the SMS receipt fit one GSM-7 SMS, in both languages."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from domain.channels.segments import count
from wording import channels as words

TEMPLATES = ("help", "checked", "unknown_case", "not_owner", "threaded", "stopped",
             "started", "receipt")


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_reply_is_one_gsm7_sms(app, locale):
    payload = {"tracking_id": "ABCD2345", "status": "hold"}
    with app.test_request_context("/"), force_locale(locale):
        texts = [words.reply(t, payload) for t in TEMPLATES]
        texts.append(words.sms_receipt("ABCD2345"))
    for text in texts:
        assert count(text).encoding == "gsm7", text
        assert count(text).segments == 1, text
    assert all("ABCD" in t for t in texts if "tracking" not in t and "LAPOR" not in t
               and "MULAI" not in t and "BANTUAN" not in t)


def test_a_receipt_to_a_social_post_carries_the_status_link(app):
    with app.test_request_context("/"), force_locale("id"):
        text = words.reply("receipt", {"tracking_id": "ABCD2345"},
                           "https://lapor.example.go.id/track/ABCD2345")
    assert text.endswith("https://lapor.example.go.id/track/ABCD2345")


def test_an_unknown_template_is_a_programming_error(app):
    with app.test_request_context("/"), pytest.raises(ValueError):
        words.reply("nope", {})


def test_a_web_reporters_sms_receipt_is_one_segment_with_the_key(world, sinks):
    import json

    from domain.channels.segments import count as segments
    from tests.factories import submit
    from tests.jobs.support import drain_outbox

    receipt = submit(reporter={"phone": "+6281234567890"})
    drain_outbox()
    [sms] = [json.loads(x) for x in (sinks / "sms.log").read_text().splitlines()]
    assert receipt.reporter_key in sms["text"] and receipt.tracking_id in sms["text"]
    assert segments(sms["text"]).encoding == "gsm7" and segments(sms["text"]).segments == 1
