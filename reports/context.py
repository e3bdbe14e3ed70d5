"""What each document shows, read from the domain: plain dicts for the templates.

No document for an agency carries the reporter's identity (DOMAIN: personal data must not
leak into PDFs for the agency); the follow-up letter names the reporter only when the report
is not anonymous. Citizen text (title, description, location, the answer quoted) passes the
identity shield (`domain/cases/shielded.py`) in every document: letters go to units, the case
file to units and auditors, none of them the verifying role. Every deadline is shown with
the rule that sets it.

Words come from wording/ like every page's; letters are official documents issued in
Indonesian, so the builders run under `force_locale("id")` (see `_indonesian`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

import segno
import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from domain.audit import log as audit_log
from domain.audit.models import CaseEvent
from domain.audit.operations import chain_for, chain_head, verify_chain
from domain.cases.models import Case, CaseCopy, Reporter
from domain.cases.shielded import case_text, shielded
from domain.db import db
from domain.enums import CaseKind
from domain.letters.models import Letter
from domain.org.models import Region, Unit, User
from domain.sla.rules import RULES
from wording import information, labels, rules

P = ParamSpec("P")
T = TypeVar("T")

def _indonesian(build: Callable[P, T]) -> Callable[P, T]:
    """Run a document builder in Indonesian, whatever the caller's locale (letters are
    official documents; a case file is read beside them)."""

    @functools.wraps(build)
    def in_indonesian(*args: P.args, **kwargs: P.kwargs) -> T:
        with force_locale("id"):
            return build(*args, **kwargs)

    return in_indonesian


def deadline(due_at: datetime | None, rule_id: str | None,
             days: int | None = None) -> dict[str, Any] | None:
    """A deadline for `_deadline.html`: its moment and its rule worded with its own days."""
    if due_at is None:
        return None
    rule = RULES.get(rule_id or "")
    return {"at": due_at, "rule": rules.describe(rule, days) if rule else (rule_id or "-"),
            "source": rule.source if rule else "-",
            "working_days": days if days is not None or rule is None else rule.working_days}


def _facts(case: Case) -> dict[str, Any]:
    region = db.session.get(Region, case.region_code)
    copies = db.session.execute(
        sa.select(Unit.name).join(CaseCopy, CaseCopy.unit_id == Unit.id)
        .where(CaseCopy.case_id == case.id).order_by(Unit.name)
    ).scalars().all()
    text = case_text(case)
    return {
        "tracking_id": case.tracking_id, "kind": labels.kind(case.kind),
        "category": labels.category(case.category), "title": text.title.text,
        "original_title": text.original_title.text,
        "description": text.description.text, "location": text.location.text or "-",
        "event_date": case.event_date.isoformat() if case.event_date else "-",
        "region": f"{case.region_code} {region.name}" if region else case.region_code,
        "status": labels.status(case.status),
        "submitted_at": case.submitted_at, "closed_at": case.closed_at,
        "agency": case.agency.name if case.agency else "-",
        "unit": case.unit.name if case.unit else "-", "copies": list(copies),
        "anonymous": case.anonymous, "confidential": case.confidential,
        "deadline": deadline(case.due_at, case.due_rule, case.due_working_days),
        "late": case.late,
        "escalation_level": case.escalation_level, "holds": case.holds,
        "forwards": case.forwards, "reopens": case.reopens, "rating": case.rating,
    }


def _events(case: Case) -> list[CaseEvent]:
    return list(db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == chain_for(case.id)).order_by(CaseEvent.seq)
    ).scalars())


def _last_answer(events: list[CaseEvent]) -> str:
    for event in reversed(events):
        data = event.payload.get("data") or {}
        if event.kind == "task_completed" and isinstance(data, dict) and data.get("answer"):
            return str(data["answer"])
    return ""


HEAD_KEYWORD = "aduan-head:"


def _metadata(title: str, subject: str, tracking_id: str,
              head: str | None = None) -> dict[str, str]:
    """PDF metadata: the case's public tracking id and the document type, nothing personal.

    A case file also names its chain head (`aduan-head:<sha256>`), which `flask audit
    verify-casefile` reads back and compares with the stored row.
    """
    keywords = f"aduan, {subject.lower()}, {tracking_id}"
    return {"title": title, "author": "Aduan", "subject": subject,
            "keywords": f"{keywords}, {HEAD_KEYWORD}{head}" if head else keywords}


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an inline SVG `data:` URL: the PDF renderer fetches nothing."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


def _verification(head: CaseEvent | None, public_url: str) -> dict[str, Any] | None:
    """The head's place in the signed log (None until a checkpoint covers it) and the QR."""
    if head is None:
        return None
    leaf = audit_log.leaf_of(head.id)
    checkpoint = audit_log.checkpoint_covering(leaf.position) if leaf else None
    url = f"{public_url}/verify?head={head.hash}"
    return {"url": url, "qr": qr_data_uri(url),
            "checkpoint": {"tree_size": checkpoint.tree_size, "root": checkpoint.root_hash,
                           "at": checkpoint.created_at, "leaf_index": leaf.position}
            if checkpoint and leaf else None}


@_indonesian
def disposition(case: Case, number: str, now: datetime) -> dict[str, Any]:
    facts = _facts(case)
    return {"meta": _metadata(f"Nota Dinas {case.tracking_id}", labels.letter("disposition"),
                              case.tracking_id),
            "number": number, "date": now, "case": facts,
            "secrecy": _("Rahasia") if case.confidential else _("Biasa")}


def _information_notice(case: Case, events: list[CaseEvent]) -> dict[str, Any] | None:
    """An information request's written notice (UU 14/2008): the PPID's last decision, with
    the pasal 17 exemption cited when the request was refused; None for other kinds."""
    if case.kind != CaseKind.INFORMATION_REQUEST:
        return None
    for event in reversed(events):
        data = event.payload.get("data") or {}
        if event.kind == "task_completed" and data.get("decision") in ("answer", "reject"):
            refused = data["decision"] == "reject"
            return {"refused": refused,
                    "exemption": information.exemption(str(data.get("exemption"))) if refused
                    else "", "reason": shielded(str(data.get("reason") or ""), case)}
    return None


@_indonesian
def follow_up(case: Case, number: str, now: datetime) -> dict[str, Any]:
    reporter = None if case.anonymous else db.session.get(Reporter, case.id)
    events = _events(case)
    return {"meta": _metadata(f"Tindak Lanjut {case.tracking_id}", labels.letter("follow_up"),
                              case.tracking_id),
            "number": number, "date": now, "case": _facts(case),
            "addressee": reporter.name if reporter and reporter.name else labels.actor("reporter"),
            "answer": shielded(_last_answer(events), case),
            "information": _information_notice(case, events)}


def _actor(actor: str, names: dict[int, str]) -> str:
    if actor.startswith("user:") and actor[5:].isdigit():
        return names.get(int(actor[5:]), actor)
    return labels.actor(actor)


def _summary(event: CaseEvent) -> str:
    p = event.payload
    if event.kind == "status_changed":
        return f"{labels.status(p.get('from'))} → {labels.status(p.get('to'))}"
    parts = [str(p["label"])] if p.get("label") else []
    if p.get("lane"):
        parts.append(labels.lane(p["lane"]))
    if p.get("unit"):
        parts.append(str(p["unit"]))
    data = p.get("data")
    if isinstance(data, dict) and data.get("decision"):
        parts.append(_("keputusan: %(decision)s", decision=labels.decision(data["decision"])))
    if p.get("resumed_working_days") is not None:
        parts.append(_("tenggat dilanjutkan setelah tunda: sisa %(n)s HK",
                       n=p["resumed_working_days"]))
    return "; ".join(parts)


# A case file lays out every event it prints, and layout grows with the rows (a case of
# 5,000 events took 118 s and ~950 MB in the worker). It prints the first and the last
# events and says how many lie between; the chain head still seals all of them.
CASEFILE_FIRST_EVENTS = 100
CASEFILE_LAST_EVENTS = 100


def casefile_events(case: Case, first: int | None = None,
                    last: int | None = None) -> tuple[list[CaseEvent], dict[str, int] | None]:
    """The events a case file prints, and what it leaves out (None when it prints them all).

    At most `first` + `last` rows are read (two bounded queries and a count), so a long
    history costs the worker no more than a short one. The omission is `{"count", "total",
    "after_seq", "before_seq"}`: the sequence numbers around the gap.
    """
    first = CASEFILE_FIRST_EVENTS if first is None else first
    last = CASEFILE_LAST_EVENTS if last is None else last
    chain = CaseEvent.chain == chain_for(case.id)
    total = db.session.execute(sa.select(sa.func.count(CaseEvent.id)).where(chain)).scalar_one()
    if total <= first + last:
        return _events(case), None
    head = db.session.execute(sa.select(CaseEvent).where(chain).order_by(CaseEvent.seq)
                              .limit(first)).scalars().all()
    tail = db.session.execute(sa.select(CaseEvent).where(chain).order_by(CaseEvent.seq.desc())
                              .limit(last)).scalars().all()[::-1]
    gap = {"count": total - len(head) - len(tail), "total": total,
           "after_seq": head[-1].seq if head else 0,
           "before_seq": tail[0].seq if tail else 0}
    return [*head, *tail], gap


@_indonesian
def casefile(case: Case, now: datetime, *, number: str = "-",
             public_url: str = "http://127.0.0.1:5000") -> dict[str, Any]:
    events, omitted = casefile_events(case)
    ids = {int(e.actor[5:]) for e in events
           if e.actor.startswith("user:") and e.actor[5:].isdigit()}
    names = {row.id: row.display_name for row in db.session.execute(
        sa.select(User.id, User.display_name).where(User.id.in_(ids)))} if ids else {}
    head = chain_head(chain_for(case.id))
    broken = verify_chain(chain_for(case.id))
    timeline = [{
        "seq": e.seq, "at": e.created_at, "what": labels.event(e.kind),
        "actor": _actor(e.actor, names), "summary": _summary(e),
        "deadline": deadline(datetime.fromisoformat(e.payload["due_at"]), e.payload.get("rule"),
                             e.payload.get("working_days"))
        if isinstance(e.payload.get("due_at"), str) else None,
        "hash": e.hash,
    } for e in events]
    letters = db.session.execute(
        sa.select(Letter).where(Letter.case_id == case.id, Letter.kind != "casefile")
        .order_by(Letter.id)).scalars().all()
    return {"meta": _metadata(f"Berkas Perkara {case.tracking_id}", labels.letter("casefile"),
                              case.tracking_id, head.hash if head else None),
            "number": number, "verify": _verification(head, public_url),
            "date": now, "case": _facts(case), "timeline": timeline, "omitted": omitted,
            "head": {"seq": head.seq, "hash": head.hash, "at": head.created_at} if head else None,
            "chain_ok": not broken, "broken": [f"seq {b.seq}: {b.reason}" for b in broken],
            "letters": [{"kind": x.kind, "number": x.number, "sha256": x.sha256,
                         "at": x.created_at} for x in letters]}
