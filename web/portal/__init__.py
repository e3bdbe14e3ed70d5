"""The public portal: file a report, get a receipt, track it, browse public cases and figures."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("portal", __name__)
