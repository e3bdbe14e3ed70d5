"""Every blueprint, registered in one place (importing a module registers its routes)."""

from __future__ import annotations

import importlib

from flask import Flask

from web.extensions import csrf

# Route modules hang their views on a blueprint defined in their package's __init__.
ROUTE_MODULES: tuple[str, ...] = (
    "web.portal.routes",
    "web.portal.verify",
    "web.desk.routes",
    "web.desk.tasks",
    "web.desk.privacy",
    "web.desk.statistics",
    "web.desk.exports",
    "web.desk.recaps",
    "web.desk.at_risk",
    "web.desk.account",
    "web.desk.counter",
    "web.desk.duplicates",
    "web.desk.shield",
    "web.audit.routes",
    "web.studio.routes",
    "web.studio.drafts",
    "web.studio.changes",
    "web.channels.routes",
)


def register_blueprints(app: Flask) -> None:
    for name in ROUTE_MODULES:
        importlib.import_module(name)
    from web.api import bp as api_bp

    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)

    from web.open311 import bp as open311_bp

    csrf.exempt(open311_bp)  # API keys, never cookies: nothing for a forged form to ride on
    app.register_blueprint(open311_bp)
    from web.channels import bp as channels_bp

    csrf.exempt(channels_bp)  # gateways sign their requests; they hold no session
    app.register_blueprint(channels_bp)

    from web.admin import bp as admin_bp
    from web.documents import bp as documents_bp

    app.register_blueprint(admin_bp)
    app.register_blueprint(documents_bp)

    from web import ui
    from web.audit import bp as audit_bp
    from web.desk import bp as desk_bp
    from web.portal import bp as portal_bp

    for blueprint in (ui.bp, portal_bp, desk_bp, audit_bp):
        app.register_blueprint(blueprint)

    from web.studio import bp as studio_bp

    app.register_blueprint(studio_bp)
