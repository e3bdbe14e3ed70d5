"""The channel operations jobs and the CLI call: handle an inbound message, set keywords."""

from __future__ import annotations

import sqlalchemy as sa

from domain.channels import concat
from domain.channels.conversation import Policy, handle
from domain.channels.keywords import COMMANDS
from domain.channels.models import AgencyKeyword, InboundMessage
from domain.db import db
from domain.enums import InboundStatus
from domain.errors import InvalidData, NotFound
from domain.org.models import Agency


def process_inbound(inbound_id: int, policy: Policy) -> str:
    """The `inbound` job: act on a stored message once (a second run finds it handled)."""
    message = db.session.get(InboundMessage, inbound_id)
    if message is None or message.status != InboundStatus.RECEIVED:
        return "handled already"
    if concat.is_part(message):
        return concat.on_part(message, policy)
    return handle(message, message.text, policy)


def set_agency_keyword(keyword: str, agency_code: str) -> AgencyKeyword:
    """Make `keyword` (one word, letters and digits) the SMS keyword of an agency."""
    word = keyword.strip().upper()
    if not word.isalnum() or len(word) > 32:
        raise InvalidData("keyword_invalid", details={"keyword": "invalid"})
    if word in COMMANDS:  # a command always wins over a keyword: it would never route
        raise InvalidData("keyword_reserved", details={"keyword": "invalid"})
    agency = db.session.execute(
        sa.select(Agency).where(Agency.code == agency_code)).scalar_one_or_none()
    if agency is None:
        raise NotFound("agency_not_found", code=agency_code)
    row = db.session.get(AgencyKeyword, word)
    if row is None:
        row = AgencyKeyword(keyword=word, agency_id=agency.id)
        db.session.add(row)
    row.agency_id = agency.id
    db.session.flush()
    return row
