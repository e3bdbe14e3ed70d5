"""Every blueprint, registered in one place (importing a module registers its routes)."""

from __future__ import annotations

import importlib

from flask import Flask

from web.extensions import csrf

# Route modules hang their views on a blueprint defined in their package's __init__.
ROUTE_MODULES: tuple[str, ...] = ()


def register_blueprints(app: Flask) -> None:
    for name in ROUTE_MODULES:
        importlib.import_module(name)
    from web.api import bp as api_bp

    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
