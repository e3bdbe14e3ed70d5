"""The BPMN vocabulary, built once from `domain.enums` and handed to the engine and the studio.

A diagram's lanes name roles (`Lane`), its tasks and end events carry case statuses
(`CaseStatus`), and the domain reads back the instance data named by `FactKey`. The engine
keeps no copy: every lint, deploy and run takes `VOCABULARY` as an argument. The studio's
JavaScript (properties panel, live lint rules) imports `frontend/vocabulary.json`, written
from here (`python -m domain.processes.vocabulary`, also run by scripts/build-frontend.sh)
and checked against it by tests/studio/test_js_vocabulary_matches_enums.py. The same file
carries the element kinds the server accepts, for the modeler's palette.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from domain.enums import CaseStatus, FactKey, Lane, ReporterNotice
from engine.lint.structure import accepted_kinds
from engine.types import Vocabulary

STUDIO_JSON = Path(__file__).resolve().parents[2] / "frontend" / "vocabulary.json"

VOCABULARY = Vocabulary(
    roles=tuple(lane.value for lane in Lane),
    # `submitted` is set at intake, before the engine runs: no diagram element carries it.
    task_statuses=tuple(
        s.value for s in CaseStatus if not s.is_final and s is not CaseStatus.SUBMITTED
    ),
    end_statuses=tuple(s.value for s in CaseStatus if s.is_final),
    data_keys=tuple(key.value for key in FactKey),
    reporter_notices=tuple(kind.value for kind in ReporterNotice),
)


def studio_json() -> str:
    """The lists the studio offers and lints with, as `frontend/vocabulary.json` holds them."""
    lists = {
        "roles": VOCABULARY.roles,
        "task_statuses": VOCABULARY.task_statuses,
        "end_statuses": VOCABULARY.end_statuses,
        # The element kinds the server's allow-list accepts (engine/lint/structure.py), each
        # with its allowed event definitions: the palette offers nothing else.
        "element_kinds": accepted_kinds(),
    }
    return json.dumps(lists, indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(studio_json())
