"""HTML to PDF with nothing but packaged assets: the locked URL fetcher and the templates.

Citizen text reaches these templates (titles, descriptions, answers). Autoescaping keeps it
text; the fetcher is the second wall: even markup that got through could load only our own
assets (`aduan-asset:<name>`) and `data:` URLs, never a local file, never the network.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from domain.sla.calendar import WIB

ROOT = Path(__file__).resolve().parent
ASSETS = ROOT / "assets"
ASSET_SCHEME = "aduan-asset:"
_ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*\.(css|svg|png)$")
_TYPES = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per step, per PDF


class RefusedURL(ValueError):
    """A document asked for something outside the packaged assets."""


class LockedFetcher(URLFetcher):
    """Serves packaged assets and `data:` URLs; refuses file:, http:, https: and the rest."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(ASSET_SCHEME):
            name = url[len(ASSET_SCHEME):]
            path = ASSETS / name
            if _ASSET_NAME.match(name) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes(),
                                          {"Content-Type": _TYPES[name.rsplit(".", 1)[1]]})
        elif url[:5].lower() == "data:":
            return super().fetch(url, headers)
        self.refused.append(url[:200])
        raise RefusedURL("only packaged assets and data: URLs may be loaded")


def _wib(value: datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    return value.astimezone(WIB).strftime(fmt) + (" WIB" if "%H" in fmt else "") if value else "-"


ENV = Environment(
    loader=FileSystemLoader(str(ROOT / "templates")),
    autoescape=True,  # every template, whatever its name: citizen text is never markup
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["wib"] = _wib


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    refused: list[str]


def render_html(html: str) -> Rendered:
    """Lay out an HTML string with the locked fetcher (no base URL: nothing is relative)."""
    fetcher = LockedFetcher()
    pdf = HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()
    return Rendered(pdf, fetcher.refused)


def render_template(name: str, **context: Any) -> Rendered:
    """Render one of `reports/templates/` to PDF. Metadata comes from the template's head."""
    return render_html(ENV.get_template(name).render(**context))
