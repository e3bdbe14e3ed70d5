"""The studio's role and status lists are the enums': one JSON file, imported, never copied.

`frontend/vocabulary.json` is written from `domain/processes/vocabulary.py` (by
scripts/build-frontend.sh, or `python -m domain.processes.vocabulary > frontend/vocabulary.json`);
the properties panel and the live lint rules import it. These tests fail when the file drifts
from the enums, when a script stops importing it, or when a hand-written list comes back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from domain.enums import CaseStatus, Lane
from domain.processes.vocabulary import STUDIO_JSON, VOCABULARY, studio_json
from engine.lint.structure import accepted_kinds

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
# Each script that offers or checks a list, and the lists it must take from the JSON file.
READERS = {
    "studio/properties.js": ("roles", "task_statuses", "end_statuses"),
    "bpmnlint-plugin-aduan/rules/lane-role.js": ("roles",),
    "bpmnlint-plugin-aduan/rules/user-task-status.js": ("task_statuses",),
    "bpmnlint-plugin-aduan/rules/end-event-status.js": ("end_statuses",),
    "studio/palette.js": ("element_kinds",),
}
_IMPORT = re.compile(r"""(?:from|require\()\s*['"]([^'"]*vocabulary\.json)['"]""")
_STRING_LIST = re.compile(r"""\[\s*(['"][^'"\]]*['"](?:\s*,\s*['"][^'"\]]*['"])*)\s*,?\s*\]""")


def _scripts() -> list[Path]:
    return sorted(p for p in FRONTEND.rglob("*.js") if "node_modules" not in p.parts)


def test_the_studio_json_holds_the_enum_values():
    on_disk = json.loads(STUDIO_JSON.read_text(encoding="utf-8"))
    assert on_disk == {
        "roles": [lane.value for lane in Lane],
        # A waiting task's status is any but the intake's and the final ones.
        "task_statuses": [s.value for s in CaseStatus
                          if s is not CaseStatus.SUBMITTED and not s.is_final],
        "end_statuses": [s.value for s in CaseStatus if s.is_final],
        "element_kinds": accepted_kinds(),
    }


def test_the_palette_kinds_are_the_servers_allow_list():
    """A timer is the only event definition; sub-processes and service tasks are absent."""
    kinds = json.loads(STUDIO_JSON.read_text(encoding="utf-8"))["element_kinds"]
    assert kinds["boundaryEvent"] == ["timerEventDefinition"]
    assert kinds["startEvent"] == [] and kinds["userTask"] == []
    assert not {"serviceTask", "subProcess", "task", "callActivity"} & set(kinds)


def test_the_studio_json_is_exactly_what_the_build_writes():
    """A stale or hand-edited file fails here; rewrite it from the enums."""
    assert STUDIO_JSON.read_text(encoding="utf-8") == studio_json(), (
        "frontend/vocabulary.json drifted from domain/enums.py; run "
        "`python -m domain.processes.vocabulary > frontend/vocabulary.json`"
    )


def test_every_list_reader_imports_the_studio_json():
    for name, keys in READERS.items():
        path = FRONTEND / name
        source = path.read_text(encoding="utf-8")
        imported = _IMPORT.findall(source)
        assert imported, f"{name} does not import vocabulary.json"
        assert all((path.parent / ref).resolve() == STUDIO_JSON for ref in imported), name
        for key in keys:
            assert re.search(rf"\.{key}\b", source), f"{name} does not read {key}"


def test_no_script_spells_out_a_role_or_status_list():
    """Two or more role or status names in one array literal is a copy of the vocabulary."""
    names = set(VOCABULARY.roles) | set(VOCABULARY.task_statuses) | set(VOCABULARY.end_statuses)
    copies = []
    for path in _scripts():
        for match in _STRING_LIST.finditer(path.read_text(encoding="utf-8")):
            items = {item.strip().strip("'\"") for item in match.group(1).split(",")}
            if len(items & names) >= 2:
                copies.append(f"{path.relative_to(FRONTEND)}: [{match.group(1)}]")
    assert copies == []
