"""Open311 services: one per case category, with the intake form's fields as attributes.

Categories are data (`domain/cases/categories.py`): the services are the active ones, in
the portal's order, read through `category_codes`. The domain speaks in codes; the
names and descriptions people read come from `wording/open311.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.cases.categories import active_categories, is_sensitive
from domain.enums import CaseKind

BOOLEAN_VALUES = ("true", "false")


def category_codes() -> list[str]:
    """The categories a report may be filed under, in the order the portal offers them."""
    return [category.code for category in active_categories()]


def is_service(code: str) -> bool:
    return code in category_codes()


@dataclass(frozen=True)
class Attribute:
    """One field of a service definition (GeoReport v2 `attribute`)."""

    code: str
    datatype: str  # string | number | datetime | text | singlevaluelist | multivaluelist
    required: bool
    order: int
    values: tuple[str, ...] = ()
    variable: bool = True


# The intake form's fields that GeoReport's own POST fields (description, location, contact)
# do not carry. A reporter's NIK is deliberately not offered: no personal data by attribute.
_COMMON = (
    Attribute("kind", "singlevaluelist", False, 1, tuple(k.value for k in CaseKind)),
    Attribute("title", "string", False, 2),
    Attribute("region", "string", False, 3),
    Attribute("event_date", "datetime", False, 4),
)
_PRIVACY = (
    Attribute("anonymous", "singlevaluelist", False, 5, BOOLEAN_VALUES),
    Attribute("confidential", "singlevaluelist", False, 6, BOOLEAN_VALUES),
)


def attributes_of(code: str) -> tuple[Attribute, ...]:
    """The attributes of service `code`. A sensitive category (whistleblowing) offers no
    privacy choice: its reports are always anonymous and confidential."""
    if is_sensitive(code):
        return _COMMON
    return _COMMON + _PRIVACY


def privacy_choosable(code: str) -> bool:
    return any(a.code == "anonymous" for a in attributes_of(code))
