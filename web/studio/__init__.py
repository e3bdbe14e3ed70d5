"""The process studio: process owners edit, validate, approve and deploy lifecycles.

Pages under /studio for process owners and sysadmins. Content-Security-Policy: bpmn-js
(modeler and viewer) sets its styles through the CSSOM, which `style-src 'self'` allows, so
those pages keep the site's strict policy (the browser tests fail on any CSP violation).
dmn-js's decision-table editor renders `style="..."` attributes (column widths, the cell
context menu), which the strict policy blocks; its page alone answers with
`style-src 'self' 'unsafe-inline'`. Scripts stay `'self'` everywhere: an inline style cannot
run code, and that page sits behind a login for two roles.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

bp = Blueprint("studio", __name__, url_prefix="/studio")

INLINE_STYLE_ENDPOINTS = frozenset({"studio.dmn"})
DMN_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)


@bp.after_request
def dmn_editor_csp(response: Response) -> Response:
    """Runs before the app-wide hook, which only sets the header when none is set yet."""
    if request.endpoint in INLINE_STYLE_ENDPOINTS:
        response.headers["Content-Security-Policy"] = DMN_CSP
    return response
