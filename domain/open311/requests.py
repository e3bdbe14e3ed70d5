"""GeoReport v2 service requests as the public reads them: only non-confidential cases, their
citizen text through the identity shield, never a reporter's name or contact.

GET requests are filtered by the spec's rules (`RequestQuery.parse`): a comma list of ids
overrides every other filter; otherwise service codes, a date range of at most 90 days (by
default the last 90) and `open`/`closed`, newest first, at most 1,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from domain.cases.models import Case, WorkflowState
from domain.cases.shielded import public_texts
from domain.cases.tracking import normalize_tracking_id
from domain.clock import clock
from domain.db import db
from domain.enums import CaseStatus
from domain.errors import InvalidData, NotFound
from domain.sla.calendar import WIB

MAX_ROWS = 1000
MAX_RANGE = timedelta(days=90)
DESCRIPTION_MAX = 4000  # GeoReport's own limit on `description`
OPEN, CLOSED = "open", "closed"


def open311_status(status: CaseStatus) -> str:
    """Closed and archived cases are `closed`; every other status is still `open`."""
    return CLOSED if status.is_final else OPEN


def parse_datetime(value: str, field: str) -> datetime:
    """A W3C datetime (`2026-01-01T00:00:00Z`, an offset, or a plain date); without a
    timezone it is read as the jurisdiction's time (WIB)."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), time())
        except ValueError:
            raise InvalidData("open311_bad_datetime", details={field: ["datetime"]},
                              field=field) from None
    return parsed.replace(tzinfo=WIB) if parsed.tzinfo is None else parsed


def _comma_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@dataclass(frozen=True)
class RequestQuery:
    """The filters of `GET requests`, already checked."""

    ids: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: frozenset[str] = frozenset({OPEN, CLOSED})

    @classmethod
    def parse(cls, args: dict[str, str]) -> RequestQuery:
        """Check the query string; a bad value raises InvalidData naming the field."""
        ids = _comma_list(args.get("service_request_id"))
        if ids:
            return cls(ids=tuple(normalize_tracking_id(i) or i for i in ids[:MAX_ROWS]))
        statuses = frozenset(s.lower() for s in _comma_list(args.get("status")))
        if statuses - {OPEN, CLOSED}:
            raise InvalidData("open311_bad_status", details={"status": ["open_or_closed"]})
        start, end = cls._range(args.get("start_date"), args.get("end_date"))
        return cls(codes=tuple(_comma_list(args.get("service_code"))), start=start, end=end,
                   statuses=statuses or frozenset({OPEN, CLOSED}))

    @staticmethod
    def _range(start_s: str | None, end_s: str | None) -> tuple[datetime, datetime]:
        end = parse_datetime(end_s, "end_date") if end_s else None
        start = parse_datetime(start_s, "start_date") if start_s else None
        if end is None:
            end = start + MAX_RANGE if start is not None else clock.now()
        if start is None:
            start = end - MAX_RANGE
        if start > end:
            raise InvalidData("open311_start_after_end", details={"start_date": ["order"]})
        if end - start > MAX_RANGE:
            raise InvalidData("open311_range_too_long", details={"end_date": ["range"]},
                              days=MAX_RANGE.days)
        return start, end


@dataclass(frozen=True)
class PublicRequest:
    """One service request with only what may be published (codes, masked text, times)."""

    tracking_id: str
    status: CaseStatus
    category: str
    agency: str | None
    description: str
    address: str | None
    region_code: str
    submitted_at: datetime
    updated_at: datetime | None
    due_at: datetime | None
    latitude: float | None = None
    longitude: float | None = None


def _where(query: RequestQuery) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = [Case.confidential.is_(False)]
    if query.ids:
        return [*clauses, Case.tracking_id.in_(query.ids)]
    if query.codes:
        clauses.append(Case.category.in_(query.codes))
    if query.start is not None and query.end is not None:
        clauses.append(Case.submitted_at.between(query.start.astimezone(UTC),
                                                 query.end.astimezone(UTC)))
    final = [CaseStatus.CLOSED, CaseStatus.ARCHIVED]
    if query.statuses == {OPEN}:
        clauses.append(Case.status.not_in(final))
    elif query.statuses == {CLOSED}:
        clauses.append(Case.status.in_(final))
    return clauses


def _short(text: str) -> str:
    return text if len(text) <= DESCRIPTION_MAX else text[:DESCRIPTION_MAX - 1] + "…"


def find_requests(query: RequestQuery) -> list[PublicRequest]:
    """Public cases matching `query`, newest first, at most MAX_ROWS."""
    rows = db.session.execute(
        sa.select(Case, WorkflowState.updated_at)
        .outerjoin(WorkflowState, WorkflowState.case_id == Case.id)
        .where(*_where(query))
        .order_by(Case.submitted_at.desc(), Case.id.desc())
        .limit(MAX_ROWS)
    ).all()
    cases = [case for case, _ in rows]
    texts = public_texts(cases)
    return [
        PublicRequest(
            c.tracking_id, c.status, c.category, c.agency.name if c.agency else None,
            _short(texts[c.id].description.text),
            texts[c.id].location.text if c.location is not None else None,
            c.region_code, c.submitted_at, c.closed_at or updated, c.due_at,
            c.latitude, c.longitude,
        )
        for c, updated in rows
    ]


def find_request(request_id: str) -> PublicRequest:
    """One public request by its id (the tracking id); confidential reads as unknown."""
    tracking_id = normalize_tracking_id(request_id)
    found = find_requests(RequestQuery(ids=(tracking_id,))) if tracking_id else []
    if not found:
        raise NotFound("open311_request_not_found")
    return found[0]
