"""Monthly recap PDFs per agency: rendered by a worker, stored once, sent to coordinators.

A job per agency and month (`recap-<agency>-<month>`, so enqueueing twice queues one); a
job that runs twice finds the stored recap and neither renders nor sends again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from redis import Redis
from rq.exceptions import NoSuchJobError
from rq.job import Job

from domain.clock import clock
from domain.db import db
from domain.org.models import Agency
from domain.sla.calendar import WIB
from domain.stats import recaps
from domain.stats.models import MonthlyRecap
from jobs import messages, queues
from jobs.channels import send_email
from jobs.runtime import job
from reports.recap import recap as recap_context
from reports.render import render_template


def render_recap(agency: Agency, month: str) -> tuple[MonthlyRecap, bool]:
    """The stored recap of `agency` for `month`, rendering it if there is none (flush only).

    Returns the recap and whether this call made it.
    """
    existing = recaps.stored(agency.id, month)
    if existing is not None:
        return existing, False
    now = clock.now()
    rendered = render_template("recap.html", **recap_context(recaps.recap_figures(agency, month),
                                                             now))
    return recaps.store(agency, month, rendered.pdf, now=now,
                        data_dir=current_app.config["ADUAN"].data_dir), True


def _send(agency: Agency, month: str) -> int:
    settings = current_app.config["ADUAN"]
    emails = recaps.coordinator_emails(agency.id)
    for to, locale in emails:
        text = messages.recap(agency.name, month, locale)  # in the coordinator's language
        send_email(settings.smtp_url, settings.data_dir, to, text.subject, text.body)
    return len(emails)


@job
def render_recap_job(agency_id: int, month: str) -> int:
    """RQ entry point: render, commit, then tell the coordinators (once)."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        return 0
    recap, made = render_recap(agency, month)
    db.session.commit()
    if made:
        _send(agency, month)
    return recap.id


WAITING = ("queued", "started", "scheduled", "deferred")


def _waiting(job_id: str, connection: Redis) -> bool:
    try:
        return Job.fetch(job_id, connection=connection).get_status() in WAITING
    except NoSuchJobError:
        return False


def enqueue_month(month: str, agency_ids: list[int] | None = None) -> list[int]:
    """Queue a recap job per agency with cases filed in `month` (or the given agencies),
    unless its recap is stored or its job already waits; returns the agencies queued."""
    ids = agency_ids if agency_ids is not None else recaps.agencies_with_cases(month)
    queue = queues.queue(queues.LETTERS, current_app.config["ADUAN"].redis_url)
    queued, done = [], recaps.stored_agencies(month)  # the scheduler asks hourly: one query
    for agency_id in ids:
        job_id = f"recap-{agency_id}-{month}"
        if agency_id in done or _waiting(job_id, queue.connection):
            continue
        queue.enqueue(queues.RENDER_RECAP, agency_id, month, job_id=job_id,
                      result_ttl=queues.RESULT_TTL, failure_ttl=queues.FAILURE_TTL)
        queued.append(agency_id)
    return queued


def previous_month(now: datetime) -> str:
    """The month before `now`'s, in WIB (the month a recap covers once it is over)."""
    first = now.astimezone(WIB).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def enqueue_due(now: datetime) -> list[int]:
    """The last month's recaps, queued by the scheduler now and then (`run_scheduler`).

    Nothing to remember between calls: a recap stored or a job waiting is skipped by
    `enqueue_month`, so the first pass after the month ends queues each agency once and
    every later pass (or a scheduler restarted, or Redis emptied) queues only what is
    still missing.
    """
    return enqueue_month(previous_month(now))
