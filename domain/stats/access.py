"""Whose figures a reader sees: the public's, an officer's scope, or everything (auditor).

The same rule as the case lists (`domain.cases.queries.case_visibility`) without copies: a
figure counts the cases a unit holds, not those it was sent for information.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from domain.db import db
from domain.org.models import Unit, User
from domain.org.permissions import CASE_READER_ROLES
from domain.org.scope import scope_of
from domain.stats.figures import Slice


def slice_for(user: User | None, **filters: Any) -> Slice:
    """The slice `user` may read (None: the public), narrowed by `filters`.

    Officers read their units' subtree and their agency's pool, confidential cases
    included; global roles and unit-less auditors read everything; anyone else, and the
    public, reads non-confidential cases only.
    """
    base = Slice(**filters)
    if user is None or not user.has_role(*CASE_READER_ROLES):
        return base
    scope = scope_of(user)
    if scope.everything:
        return replace(base, public=False)
    units = scope.unit_ids
    pool = frozenset(db.session.execute(
        sa.select(Unit.agency_id).where(Unit.id.in_(units), Unit.parent_id.is_(None))
    ).scalars()) if units else frozenset()
    return replace(base, public=False, unit_ids=units, pool_agency_ids=pool)
