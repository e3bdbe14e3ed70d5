"""What a task's form accepts: the one check officers' and reporters' answers both pass.

Shared by `tasks.py` (officers) and `responses.py` (reporters), so the rule is written once.
"""

from __future__ import annotations

from typing import Any

from domain.cases.categories import category_problem
from domain.cases.models import Case, HumanTask
from domain.errors import InvalidData
from domain.org.operations import agency_by_code, unit_by_code
from domain.processes.operations import form_of
from forms.render import category_fields
from forms.validation import clean, validate


def _check_categories(case: Case, fields: set[str], data: dict[str, Any]) -> dict[str, str]:
    """Category fields take an active category, or keep the case's own (even inactive)."""
    errors = {}
    for field in fields:
        value = data.get(field)
        if value is not None and value != case.category:
            problem = category_problem(value)
            if problem:
                errors[field] = problem
    return errors


def _active(row: Any) -> bool:
    """A deactivated unit or agency takes no new case (domain/org/structure.py)."""
    return row is not None and row.active


def _check_references(form: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """Form fields that name units or agencies must name existing, active ones."""
    widgets = form.get("ui", {}).get("widgets", {})
    unknown = "not_found"  # a field code: web/errors.py words it in the reader's language
    errors = {}
    for field, widget in widgets.items():
        value = data.get(field)
        if not value:
            continue
        if widget == "unit" and not _active(unit_by_code(str(value))):
            errors[field] = unknown
        elif widget == "agency" and not _active(agency_by_code(str(value))):
            errors[field] = unknown
        elif widget == "units" and not all(_active(unit_by_code(str(v))) for v in value):
            errors[field] = unknown
    return errors


def validated(case: Case, task: HumanTask, data: Any, locale: str) -> dict[str, Any]:
    """The task's data cleaned by its form; InvalidData with field errors otherwise."""
    form = form_of(case.process_version_id, task.form)
    if isinstance(data, dict):
        data = clean(form, data)
    # The form's own checks word their messages in the reader's language (forms/ is where
    # form wording lives); the domain only adds field codes.
    categories = category_fields(task.form, form)
    errors = (validate(form, data, locale, open_fields=categories)
              or _check_categories(case, categories, data) or _check_references(form, data))
    if errors:
        raise InvalidData("form_invalid", details=errors)
    return data
