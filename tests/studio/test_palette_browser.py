"""The modeler offers only what the server accepts: palette, context pad and replace menu.

In the real modeler (Debian chromium through Playwright) every palette entry creates its shape,
whose kind and event definition are checked against the server's allow-list
(frontend/vocabulary.json, written from engine/lint/structure.py); the context pad and the
replace menu of a task and of a boundary timer are read the same way.
"""

from __future__ import annotations

import json

import pytest

from domain.processes.vocabulary import STUDIO_JSON
from tests.studio.test_studio_browser import _login, _open_new_draft, _page

pytestmark = pytest.mark.browser

# Each creating palette entry, its BPMN kind and event definition (None: none).
_CREATED = """(id) => {
  const palette = window.aduanModeler.get('palette');
  const entries = palette.getEntries();
  const made = {};
  Object.keys(entries).filter((k) => k.startsWith('create.')).forEach((k) => {
    const create = window.aduanModeler.get('create');
    let shape = null;
    const original = create.start;
    create.start = (event, s) => { shape = s; };
    entries[k].action.click(new MouseEvent('click'));
    create.start = original;
    const bo = shape.businessObject;
    made[k] = [bo.$type, (bo.eventDefinitions || []).map((d) => d.$type)];
  });
  return made;
}"""
_MENUS = """(id) => {
  const registry = window.aduanModeler.get('elementRegistry');
  const element = registry.get(id);
  const pad = Object.keys(window.aduanModeler.get('contextPad').getEntries(element));
  const menu = window.aduanModeler.get('popupMenu');
  const providers = menu._getProviders('bpmn-replace');
  const replace = Object.keys(menu._getEntries(element, providers));
  const headers = Object.keys(menu._getHeaderEntries(element, providers));
  return { pad, replace, headers };
}"""


def _accepted() -> dict[str, list[str]]:
    return json.loads(STUDIO_JSON.read_text(encoding="utf-8"))["element_kinds"]


def _kind(bpmn_type: str) -> str:
    local = bpmn_type.split(":", 1)[1]
    return local[0].lower() + local[1:]


def test_palette_and_menus_offer_only_accepted_kinds(live_server, browser, shot):
    base, problems = live_server, []
    page = _page(browser, problems)
    _login(page, base, "owner")
    _open_new_draft(page, base)
    accepted = _accepted()
    created = page.evaluate(_CREATED, "")
    assert {"create.user-task", "create.timer-event", "create.exclusive-gateway"} <= set(created)
    for entry, (bpmn_type, definitions) in created.items():
        kind = _kind(bpmn_type)
        assert kind in accepted, entry
        assert [_kind(d) for d in definitions] == accepted[kind][:1], entry
    assert not {"create.task", "create.subprocess-expanded", "create.data-object",
                "create.intermediate-event", "create.participant-expanded"} & set(created)

    menus = page.evaluate(_MENUS, "verify")
    appends = {e for e in menus["pad"] if e.startswith("append.")}
    assert "append.user-task" in appends and "append.append-task" not in appends
    assert "append.intermediate-event" not in appends
    assert set(menus["replace"]) == {"replace-with-manual-task", "replace-with-rule-task",
                                 "replace-with-script-task"}
    refused = {"replace-with-service-task", "replace-with-task", "replace-with-send-task",
               "replace-with-call-activity", "replace-with-expanded-subprocess"}
    assert not refused & set(menus["replace"])
    assert menus["headers"] == []  # loop and multi-instance markers are refused
    timer = page.evaluate(_MENUS, "follow_up_late")
    assert "replace-with-non-interrupting-timer-boundary" in timer["replace"]
    assert "replace-with-message-boundary" not in timer["replace"]
    assert "toggle-non-interrupting" in timer["headers"]
    shot(page, "studio-08-palette")
    assert not problems, problems
