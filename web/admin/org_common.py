"""What the organisation pages share: the guard, a page of a list, errors next to fields.

The pages call the same operations as `/api/v1/admin/` (`domain.org.structure`, `people`),
which check the actor's scope and audit; a refusal comes back on the form (a field error)
or as a flash message (a conflict), in the reader's language, never as a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, render_template, request

from domain.cases.listing import Page
from domain.errors import DomainError, InvalidData
from domain.org.permissions import ORG_ROLES
from web.auth import login_required
from wording import errors as error_words
from wording.org import kind_label, role_label

PAGE_SIZE = 25
guard = login_required(*ORG_ROLES)


def render(template: str, **context: Any) -> str:
    """A page of the organisation admin, with the words for roles and kinds of agency."""
    return render_template(template, role_label=role_label, kind_label=kind_label, **context)


def form_text(*names: str) -> dict[str, str]:
    """The posted fields, trimmed (what the form shows again after a refusal)."""
    return {name: request.form.get(name, "").strip() for name in names}


def listed(fetch: Callable[..., Page], **kwargs: Any) -> Page:
    """A page of a list from `?after=`; a cursor no page handed out starts from the top."""
    try:
        return fetch(cursor=request.args.get("after") or None, limit=PAGE_SIZE, **kwargs)
    except ValueError:
        return fetch(cursor=None, limit=PAGE_SIZE, **kwargs)


def field_errors(exc: InvalidData) -> dict[str, str]:
    """Field name -> sentence; a refusal without fields is shown above the form (`_`)."""
    details = error_words.details(exc)
    if isinstance(details, dict) and "reason" not in details:
        return {key: str(value[0] if isinstance(value, list) else value)
                for key, value in details.items()}
    return {"_": error_words.message(exc)}


def flash_refusal(exc: DomainError) -> None:
    flash(error_words.message(exc), "error")
