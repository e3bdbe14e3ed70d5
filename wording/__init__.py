"""Aduan's one word list: every status, lane, event, letter, rule and error in people's words.

The domain speaks in codes (`follow_up`, `liaison`, `task_not_found`); the portal, the desk,
the API, the PDF letters and the notifications all turn those codes into words here, through
gettext, so each word exists once in one Babel catalogue (`wording/translations`) and the
surfaces cannot drift apart again. Indonesian is the source language (the msgids); English is
the one translation. Outside a request (workers, the CLI, benches) gettext falls back to the
msgid, so letters and messages read Indonesian unless a caller forces another locale.

Imports: the domain's enums and rules (data, no wording) and Flask-Babel; web/, jobs/ and
reports/ import this package, the domain never does (tests/test_layering.py).
"""
