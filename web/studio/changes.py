"""What a draft would change, before anyone approves it: one page for author and approver.

The plain-words diff next to the technical one, the deadline preview (each changed timer on
the real calendar, the running cases a migration would move) and the draft's scenarios, run
on their own clock, pass or fail with the path each took; and the replay of finished cases
against the draft (`domain.processes.replay`). Views only ask: the facts
come from `domain.processes` (drafts.review, preview), the words from `wording/`.
"""

from __future__ import annotations

from flask import render_template, request

from domain.clock import clock
from domain.org.permissions import STUDIO_ROLES
from domain.processes import draft_scenarios, drafts, preview, replay
from web.auth import acting_user, login_required
from web.studio import bp
from wording import preview as preview_words
from wording import process_diff
from wording import replay as replay_words
from wording import scenarios as scenario_words


@bp.get("/drafts/<int:draft_id>/changes", endpoint="changes")
@login_required(*STUDIO_ROLES)
def changes(draft_id: int) -> str:
    """The draft against the model's latest version, in words, with its deadline preview."""
    user = acting_user()
    draft = drafts.get_draft(draft_id, actor=user)
    review = drafts.review(draft, actor=user)
    deadlines, scenarios = None, None
    if review["meta"] is not None:
        deadlines = preview.deadline_preview(review["base"], review["meta"], review["plain"],
                                             clock.now())
        scenarios = scenario_words.worded(draft_scenarios.as_rows(draft_scenarios.results(draft)))
    return render_template(
        "studio/changes.html", draft=draft, review=review,
        plain=process_diff.worded(review["plain"]), deadlines=deadlines, scenarios=scenarios,
        timer_sentence=preview_words.timer_sentence, move_sentence=preview_words.move_sentence,
        limit=replay.DEFAULT_CASES, max_cases=replay.MAX_CASES,
    )


@bp.get("/drafts/<int:draft_id>/replay", endpoint="replay")
@login_required(*STUDIO_ROLES)
def replay_page(draft_id: int) -> str:
    """The last N finished cases' recorded decisions run against the draft, case by case."""
    draft = drafts.get_draft(draft_id, actor=acting_user())
    limit = replay.clamp(request.args.get("n", type=int))
    rows = replay.replay(draft, limit)
    return render_template(
        "studio/replay.html", draft=draft, rows=rows, limit=limit, max_cases=replay.MAX_CASES,
        summary=replay.summary(rows) if rows is not None else None,
        detail=replay_words.details, outcome=replay_words.outcome,
    )
