"""Rendering and storing PDFs: the disposition letter, the follow-up letter, the case file.

Rendering takes most of a second (font subsetting), so it happens here, in workers, never
in a request: letters from outbox rows, case files on request through a 202 + poll.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from rq.job import Job

from domain.cases.models import Case
from domain.clock import clock
from domain.db import db
from domain.letters import operations as letters
from domain.letters.models import Letter
from jobs import queues
from jobs.runtime import job
from jobs.timers import LIVE
from reports import context, signing
from reports.render import render_template

log = logging.getLogger(__name__)
BUILDERS: dict[str, Any] = {"disposition": context.disposition, "follow_up": context.follow_up}


def _signed(pdf: bytes, number: str) -> bytes:
    """The agency's PAdES signature on the document; unsigned (logged) when none is set."""
    key = signing.configured(current_app.config["ADUAN"])
    if key is None:
        log.warning("ADUAN_SIGNING_CERT is not set: %s is stored unsigned", number)
        return pdf
    return signing.sign(pdf, key, reason=f"Aduan {number}")


def render_letter(case_id: int, kind: str) -> Letter:
    """Render and store one letter of the case in the caller's transaction (flush only)."""
    case = db.session.get(Case, case_id)
    now = clock.now()
    number = letters.next_number(case, kind, now)
    rendered = render_template(f"{kind}.html", **BUILDERS[kind](case, number, now))
    if rendered.refused:
        log.warning("letter %s for case %s: %d URL(s) refused", kind, case_id,
                    len(rendered.refused))
    return letters.store_letter(case, kind, _signed(rendered.pdf, number), number=number,
                                now=now, data_dir=current_app.config["ADUAN"].data_dir)


def render_casefile(case: Case) -> Letter:
    """The auditor's case file as of the chain's present head (flush only)."""
    now = clock.now()
    head = letters.current_head(case)
    number = letters.next_number(case, "casefile", now)
    settings = current_app.config["ADUAN"]
    rendered = render_template("casefile.html", **context.casefile(
        case, now, number=number,
        public_url=(settings.public_url or "http://127.0.0.1:5000").rstrip("/")))
    return letters.store_letter(case, "casefile", _signed(rendered.pdf, number),
                                number=number, now=now,
                                data_dir=current_app.config["ADUAN"].data_dir,
                                chain_head_hash=head)


@job
def render_casefile_job(case_id: int) -> int:
    """RQ entry point: render the case file unless one for the present head exists."""
    case = db.session.get(Case, case_id)
    if case is None:
        return 0
    existing = letters.current_casefile(case)
    letter = existing or render_casefile(case)
    db.session.commit()
    return letter.id


def casefile_job_id(case_id: int) -> str:
    return f"casefile-{case_id}"


def request_casefile(case: Case) -> Letter | None:
    """The current case file, or None after making sure a worker is rendering it.

    Raises RedisError when no job can be queued (the view answers 503).
    """
    existing = letters.current_casefile(case)
    if existing is not None:
        return existing
    url = current_app.config["ADUAN"].redis_url
    connection = queues.redis_connection(url)
    job_id = casefile_job_id(case.id)
    status = connection.hget(Job.key_for(job_id), "status")
    if status is None or status.decode() not in LIVE:
        queues.queue(queues.LETTERS, url).enqueue(
            queues.RENDER_CASEFILE, case.id, job_id=job_id, result_ttl=60,
            failure_ttl=queues.FAILURE_TTL)
    return None

