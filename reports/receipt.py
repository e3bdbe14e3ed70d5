"""The counter's printed receipt: the tracking ID and the reporter key, for the citizen.

Unlike letters it is rendered in the request that asks for it, on purpose: it holds the
reporter key, which is never stored (only its hash is), so no worker could render it later
and no file of it may sit on disk. One page, one font face: a fraction of a second.
"""

from __future__ import annotations

from typing import Any

from domain.cases.models import Case
from domain.cases.tracking import display_tracking_id
from domain.clock import clock
from reports.render import render_template
from wording import labels


def receipt_pdf(case: Case, reporter_key: str, track_url: str) -> bytes:
    """The receipt of `case` with its key (Indonesian: an official paper, like letters)."""
    context: dict[str, Any] = {
        "meta": {"title": f"Tanda terima {display_tracking_id(case.tracking_id)}",
                 "author": case.agency.name if case.agency else "Aduan",
                 "subject": "Tanda terima laporan", "keywords": case.tracking_id},
        "tracking_id": display_tracking_id(case.tracking_id),
        "reporter_key": reporter_key,
        "kind": labels.kind(case.kind), "category": labels.category(case.category),
        "status": labels.status(case.status),
        "agency": case.agency.name if case.agency else "-",
        "submitted_at": case.submitted_at, "due_at": case.due_at, "printed_at": clock.now(),
        "track_url": track_url,
    }
    return render_template("counter_receipt.html", **context).pdf
