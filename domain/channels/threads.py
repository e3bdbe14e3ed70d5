"""A reporter's message on his own case, by SMS or e-mail: a response, never a new case.

Possession of the number (or the address) that filed the case authorises it, as the
reporter key does on the portal: the channel itself is the proof, and a message from any
other number threads nothing. When the case waits for the reporter's information (a hold),
the message answers that task and the case goes back to the verifier; otherwise it is a
public reply from the reporter on the case, which the desk shows in the conversation.
"""

from __future__ import annotations

from domain.audit import operations as audit
from domain.cases.models import Case, CaseNote, Reporter
from domain.cases.responses import reporter_task
from domain.cases.task_forms import validated
from domain.cases.workflow import lock_case, run_complete
from domain.clock import clock
from domain.db import db
from domain.enums import Channel
from domain.errors import InvalidData

HOLD_FORM = "reporter_info"  # the hold's task form; its one field is the answer


def owns(case: Case, channel: Channel, sender: str) -> bool:
    """Whether `sender` is the number or address the case was filed from."""
    reporter = db.session.get(Reporter, case.id)
    if reporter is None:
        return False
    if channel == Channel.EMAIL:
        return bool(reporter.email) and reporter.email.strip().lower() == sender.lower()
    return bool(reporter.phone) and reporter.phone == sender


def respond(case: Case, text: str, channel: Channel) -> bool:
    """Append the reporter's message to `case`; True if it answered a hold."""
    now = clock.now()
    answered = False
    task = reporter_task(case)
    if task is not None and task.form == HOLD_FORM:
        try:
            data = validated(case, task, {"additional_info": text}, "id")
        except InvalidData:
            data = None  # too long for the form: it stays a reply the verifier reads
        if data is not None:
            lock_case(case, None)
            run_complete(case, task, data, now, "reporter", None)
            answered = True
    note = CaseNote(case_id=case.id, from_reporter=True, internal=False, body=text,
                    created_at=now)
    db.session.add(note)
    db.session.flush()
    audit.record("reporter_message", actor="reporter", case_id=case.id, now=now,
                 payload={"channel": channel.value, "note_id": note.id,
                          "answered_hold": answered})
    return answered
