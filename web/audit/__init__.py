"""The auditor's read-only view: search in scope, whole audit trail, chain verification."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
