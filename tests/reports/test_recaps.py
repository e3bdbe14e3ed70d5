"""The monthly recap per agency: rendered by a real worker, read back, downloadable in scope."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from domain.db import db
from domain.enums import Role
from domain.org.operations import agency_by_code
from domain.sla.calendar import WIB
from domain.stats.models import MonthlyRecap
from jobs import queues
from jobs.recaps import enqueue_due, enqueue_month, previous_month, render_recap, render_recap_job
from jobs.worker import make_worker, run_scheduler
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, create_user, submit
from tests.jobs.support import pdf_text
from tests.web.helpers import login

PERSONAL = ("Budi", "6281234567890", "budi@example.org")


def _answered(n: int) -> str:
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    liaison = create_user(Role.LIAISON, "medan.health")
    case = None
    for _ in range(n):
        case = submit(confidential=True).case
        verify_valid(case, coordinator)
        complete(case, "follow_up", liaison, decision="answer", answer="Sudah, Budi.")
    return case.submitted_at.astimezone(WIB).strftime("%Y-%m")


def test_the_recap_shows_the_agencys_figures_and_no_personal_data(world, app):
    month = _answered(3)
    agency = agency_by_code("pemkot-medan")
    recap, made = render_recap(agency, month)
    assert made and render_recap(agency, month) == (recap, False)  # stored once
    pdf = (app.config["ADUAN"].data_dir / "recaps" / recap.storage_key[:2]
           / f"{recap.storage_key}.pdf").read_bytes()
    text = pdf_text(pdf)
    assert "Rekap bulanan pengaduan" in text and "Pemerintah Kota Medan" in text
    assert "Dinas Kesehatan" in text and "100,0%" in text  # confidential cases count here
    assert not [p for p in PERSONAL if p in text]


def test_coordinators_download_their_agencys_recap_only(client, other_client, world):
    month = _answered(1)
    recap, _ = render_recap(agency_by_code("pemkot-medan"), month)
    db.session.flush()
    login(client, create_user(Role.COORDINATOR, "medan.secretariat"))
    assert month in client.get("/desk/recaps").get_data(as_text=True)
    pdf = client.get(f"/desk/recaps/{recap.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    login(other_client, create_user(Role.COORDINATOR, "dki.secretariat"))
    assert other_client.get(f"/desk/recaps/{recap.id}.pdf").status_code == 404
    assert month not in other_client.get("/desk/recaps").get_data(as_text=True)


def test_a_worker_renders_each_agency_once_and_tells_its_coordinators(
        committed_world, worker_app, sinks):
    month = _answered(2)
    db.session.commit()
    agency = agency_by_code("pemkot-medan")
    assert enqueue_month(month) == [agency.id]
    assert enqueue_month(month) == []  # its job already waits: not queued twice
    assert queues.queue(queues.LETTERS, worker_app.config["ADUAN"].redis_url).count == 1
    db.session.commit()  # end the read: SQLite's writer (the job) would wait for it
    make_worker(worker_app, (queues.LETTERS,)).work(burst=True)
    assert enqueue_month(month) == []  # rendered: the month is done
    db.session.commit()  # end the read again before the job's own transaction
    # A job that runs twice anyway (a retry) finds the stored recap: no render, no mail.
    render_recap_job(agency.id, month)
    db.session.expire_all()
    assert db.session.query(MonthlyRecap).count() == 1
    mails = [json.loads(line) for path in sinks.glob("email*") for line in
             path.read_text().splitlines()]
    assert mails and all("Rekap bulanan" in m["subject"] for m in mails)
    assert len(mails) == len({m["to"] for m in mails})  # each coordinator told once


def test_the_scheduler_queues_last_months_recaps_once_the_month_is_over(
        committed_world, worker_app, clock):
    month = _answered(2)
    db.session.commit()
    agency_id = agency_by_code("pemkot-medan").id  # each scheduler pass ends its session
    queue = queues.queue(queues.LETTERS, worker_app.config["ADUAN"].redis_url)
    assert previous_month(clock.now()) != month  # this month is not over: nothing yet
    run_scheduler(worker_app, interval=0, full_every=1, once=True)
    assert queue.count == 0
    first_of_next = datetime.combine(
        (datetime.strptime(month, "%Y-%m").date() + timedelta(days=32)).replace(day=1),
        time(0, 5), WIB)
    clock.advance(first_of_next - clock.now())
    run_scheduler(worker_app, interval=0, full_every=1, once=True)
    assert queue.job_ids == [f"recap-{agency_id}-{month}"]
    run_scheduler(worker_app, interval=0, full_every=1, once=True)  # a later pass: no second
    assert queue.count == 1
    db.session.commit()
    make_worker(worker_app, (queues.LETTERS,)).work(burst=True)
    db.session.expire_all()
    assert db.session.query(MonthlyRecap).filter_by(month=month).count() == 1
    assert enqueue_due(clock.now()) == []  # stored: the month is done
