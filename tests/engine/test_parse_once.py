"""A version's spec is parsed once per process, and nothing about an instance changes for it.

The shared parse and the state restore that skips copying must give exactly what
SpiffWorkflow's own `to_dict`/`from_dict` give, step after step, and must never write into
the stored state or the stored spec.
"""

from __future__ import annotations

import copy
import json

import engine
from domain.processes.vocabulary import VOCABULARY
from engine import runtime, specs
from engine.definitions import SERIALIZER
from tests.engine.test_runtime import HELPERS, START, compiled


def _library_dump(workflow) -> dict:
    """What the state was before parse-once: the library's to_dict, spec popped."""
    dct = SERIALIZER.to_dict(workflow)
    dct.pop("spec")
    dct.pop("subprocess_specs")
    return dct


def _library_restore(spec, state):
    dct = copy.deepcopy(dict(state))
    dct["tasks"] = runtime._parent_first(dct["tasks"])
    for sub in dct.get("subprocesses", {}).values():
        sub["tasks"] = runtime._parent_first(sub["tasks"])
    dct["spec"] = copy.deepcopy(spec["spec"])
    dct["subprocess_specs"] = copy.deepcopy(spec["subprocess_specs"])
    return SERIALIZER.from_dict(dct)


def test_the_spec_is_parsed_once_and_shared():
    process = compiled()
    first, second = specs.parsed(process.spec), specs.parsed(process.spec)
    assert first[0] is second[0]
    assert specs.parse(process.spec)[0] is not first[0]  # a private copy when asked


def test_dump_and_restore_equal_the_librarys_at_every_step():
    process = compiled()
    frozen_spec = json.dumps(process.spec, sort_keys=True)
    result = engine.start(process.spec, process.meta, START, HELPERS, vocabulary=VOCABULARY)
    answers = {"verify": {"decision": "valid", "summary": "s", "unit_code": "medan.health"},
               "follow_up": {"decision": "answer", "answer": "Sudah ditangani."}}
    seen = []
    while result.ready_tasks and result.ready_tasks[0].spec in answers:
        state = result.state
        frozen_state = json.dumps(state, sort_keys=True)
        ours = runtime._restore(process.spec, state)
        theirs = _library_restore(process.spec, state)
        assert runtime._dump(ours) == _library_dump(theirs) == _library_dump(ours)
        assert json.dumps(state, sort_keys=True) == frozen_state  # the state was not written
        task = result.ready_tasks[0]
        seen.append(task.spec)
        result = engine.complete(process.spec, process.meta, state, task.task_id,
                                 answers[task.spec], HELPERS, vocabulary=VOCABULARY)
        assert json.dumps(state, sort_keys=True) == frozen_state
    assert seen == ["verify", "follow_up"]
    assert json.dumps(process.spec, sort_keys=True) == frozen_spec  # nor the spec
