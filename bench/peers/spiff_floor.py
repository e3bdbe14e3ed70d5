"""The "library + naive persistence" floor: SpiffWorkflow itself, JSON in SQLite per step.

Run by bench/peers/spiff_arena.py inside its own venv (SpiffWorkflow==3.2.0, the library
spiff-arena's backend runs on); not imported by anything in the project.

    <spiff-venv>/bin/python bench/peers/spiff_floor.py --cases 300 --runs 3 --db path.sqlite

One sequential client, in process, one SQLite file (WAL off, the default rollback journal,
synchronous=FULL: sqlite3's defaults). The minimal process is start → user task → end.
The spec is parsed once (a backend keeps its deployed model; charitable to the peer). Per case:
  - start: BpmnWorkflow(spec), do_engine_steps() to the first user task, the whole workflow
    through the plain BpmnWorkflowSerializer to JSON (spec included, as a naive backend does),
    INSERT, COMMIT, and the first READY user task read from the workflow;
  - complete: SELECT the JSON, deserialise, set the task's data, run it, do_engine_steps() to
    the end, serialise, UPDATE, COMMIT.
Prints JSON: per run the median and p95 (ms) of each step, wall clock and process CPU time
(`*_cpu`, the difference is mostly SQLite's fsync at COMMIT), and the medians over runs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="Definitions_bench" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="minimal" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def parse_spec():
    parser = BpmnParser()
    parser.add_bpmn_str(BPMN.encode(), filename="minimal.bpmn")
    return parser.get_spec("minimal")


def first_user_task(workflow: BpmnWorkflow):
    return workflow.get_next_task(state=TaskState.READY, manual=True)


def start(db: sqlite3.Connection, serializer, spec, data: dict) -> tuple[int, str]:
    """Start an instance, persist it; answers (instance id, first user task id)."""
    workflow = BpmnWorkflow(spec)
    workflow.data.update(data)
    workflow.do_engine_steps()
    task = first_user_task(workflow)
    cursor = db.execute("INSERT INTO instance (state) VALUES (?)",
                        (serializer.serialize_json(workflow),))
    db.commit()
    return int(cursor.lastrowid), str(task.id)


def complete(db: sqlite3.Connection, serializer, instance: int, data: dict) -> None:
    """Restore the instance, complete its user task, run to the end, persist."""
    (state,) = db.execute("SELECT state FROM instance WHERE id = ?", (instance,)).fetchone()
    workflow = serializer.deserialize_json(state)
    task = first_user_task(workflow)
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()
    if not workflow.is_completed():
        raise RuntimeError("the instance did not reach its end event")
    db.execute("UPDATE instance SET state = ? WHERE id = ?",
               (serializer.serialize_json(workflow), instance))
    db.commit()


def quantiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 3)}


def one_run(path: Path, cases: int) -> dict:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE instance (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")
    db.commit()
    serializer = BpmnWorkflowSerializer()
    spec = parse_spec()
    times: dict[str, list[float]] = {"start": [], "complete": [],
                                     "start_cpu": [], "complete_cpu": []}
    sizes = []
    for i in range(cases):
        t0, c0 = time.perf_counter(), time.process_time()
        instance, _task = start(db, serializer, spec, {"kind": "complaint", "n": i})
        times["start"].append(time.perf_counter() - t0)
        times["start_cpu"].append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        complete(db, serializer, instance, {"decision": "valid", "summary": f"Ringkasan {i}"})
        times["complete"].append(time.perf_counter() - t0)
        times["complete_cpu"].append(time.process_time() - c0)
        if i == 0:
            sizes = [len(s) for (s,) in db.execute("SELECT state FROM instance")]
    done = db.execute("SELECT count(*) FROM instance").fetchone()[0]
    db.close()
    if done != cases:
        raise RuntimeError(f"{done} instances stored, {cases} expected")
    return {name: quantiles(samples) for name, samples in times.items()} | {
        "state_json_bytes_completed": sizes[0] if sizes else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    one_run(args.db, 20)  # warm-up: imports, parser, serializer registry
    runs = []
    for number in range(1, args.runs + 1):
        runs.append(one_run(args.db, args.cases))
        print(f"run {number}: {json.dumps(runs[-1])}", file=sys.stderr)
    summary = {f"{step}_{q}": round(statistics.median(r[step][q] for r in runs), 3)
               for step in ("start", "complete", "start_cpu", "complete_cpu")
               for q in ("p50_ms", "p95_ms")}
    print(json.dumps({"summary": summary, "runs": runs,
                      "versions": {"SpiffWorkflow": version("SpiffWorkflow"),
                                   "sqlite": sqlite3.sqlite_version}}))


if __name__ == "__main__":
    main()
