"""The process studio: process owners edit, validate, approve and deploy lifecycles.

Pages under /studio for process owners and sysadmins. bpmn-js and dmn-js write inline
`style` attributes (positions of overlays, the direct-editing box, the palette, column
widths), which `style-src 'self'` blocks; these pages alone therefore answer with
`style-src 'self' 'unsafe-inline'`. Scripts stay `'self'` only: inline styles cannot run
code, and the studio is behind a login for two roles. The rest of the site keeps the
strict policy set in web/app.py.
"""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("studio", __name__, url_prefix="/studio")

STUDIO_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


@bp.after_request
def studio_csp(response: Response) -> Response:
    """Runs before the app-wide hook, which only sets the header when none is set."""
    response.headers["Content-Security-Policy"] = STUDIO_CSP
    return response
