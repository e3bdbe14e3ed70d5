"""Input no view should ever see: a NUL byte in the path or the query string.

PostgreSQL text cannot hold NUL, so a `?q=%00` reaching a query is a database error (a 500)
on PostgreSQL and a useless search on SQLite. Refused once, before any view, as a 400 in the
one error shape; request bodies are validated by their forms and schemas (field errors).
"""

from __future__ import annotations

from flask import Flask, Response, request

from web.errors import nul_refused


def _nul_in_query_or_path() -> str | None:
    """The first place holding a NUL byte ("path" or a parameter's name), else None."""
    if "\x00" in request.path:
        return "path"
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "?"
    return None


def install(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes() -> Response | None:
        where = _nul_in_query_or_path()
        if where is None:
            return None
        return nul_refused(where)
