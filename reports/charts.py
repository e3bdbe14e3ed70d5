"""Small server-side SVG charts: bars and grouped columns, for pages and PDFs alike.

Why our own and not a library: the charts must work without JavaScript, print in
WeasyPrint and fetch nothing (pygal's SVG links its tooltip script from the web by
default). Every text that reaches the SVG (agency names are data) goes through
`markupsafe.escape`, so a name with `<` or `&` stays text. Each chart has a `<title>` and
is `role="img"`; the page puts the same numbers in a table for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
PALETTE = ("#1f6feb", "#d4761c", "#2e8540", "#8250df")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None


def _svg(chart_id: str, title: str, height: int, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
            f'role="img" aria-labelledby="{escape(chart_id)}-title" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" '
            f'font-size="12"><title id="{escape(chart_id)}-title">{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (every part escaped above)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *,
              maximum: float | None = None,
              label_of: Callable[[float], str] = lambda v: f"{v:g}") -> Markup:
    """Horizontal bars, one per row (long names fit); a bar without a value shows "–"."""
    row, left, right = 22, 230, 70
    top = maximum if maximum is not None else max((b.value or 0 for b in bars), default=0)
    body = []
    for i, bar in enumerate(bars):
        y = 8 + i * row
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">'
                    f'{escape(_clip(bar.label, 34))}</text>')
        if bar.value is None:
            body.append(f'<text x="{left + 4}" y="{y + 14}">–</text>')
            continue
        width = 0 if not top else (WIDTH - left - right) * bar.value / top
        body.append(f'<rect class="bar" x="{left}" y="{y + 3}" width="{width:.1f}" '
                    f'height="{row - 6}" fill="{PALETTE[0]}"/>')
        body.append(f'<text x="{left + width + 4:.1f}" y="{y + 14}">'
                    f'{escape(label_of(bar.value))}</text>')
    return _svg(chart_id, title, 16 + row * max(len(bars), 1), body)


def column_chart(chart_id: str, title: str, labels: Sequence[str],
                 series: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    """Grouped columns: one group per label (a week), one column per series, with a legend."""
    height, bottom, left = 240, 40, 40
    plot = height - bottom - 30
    top = max((v for _, values in series for v in values), default=0) or 1
    step = (WIDTH - left - 10) / max(len(labels), 1)
    width = max(step / (len(series) + 1), 1)
    body = [f'<line x1="{left}" y1="{30 + plot}" x2="{WIDTH - 10}" y2="{30 + plot}" '
            'stroke="#888"/>', f'<text x="{left - 4}" y="36" text-anchor="end">{top}</text>']
    for s, (name, values) in enumerate(series):
        body.append(f'<rect x="{left + s * 120}" y="6" width="10" height="10" '
                    f'fill="{PALETTE[s % len(PALETTE)]}"/><text x="{left + 14 + s * 120}" '
                    f'y="15">{escape(name)}</text>')
        for i, value in enumerate(values):
            h = plot * value / top
            x = left + i * step + s * width + width / 2
            body.append(f'<rect class="bar" x="{x:.1f}" y="{30 + plot - h:.1f}" '
                        f'width="{width:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[s % len(PALETTE)]}"/>')
    every = max(1, len(labels) // 8)  # at most ~8 axis labels
    for i, label in enumerate(labels):
        if i % every == 0:
            body.append(f'<text x="{left + i * step + step / 2:.1f}" y="{height - 22}" '
                        f'text-anchor="middle">{escape(label)}</text>')
    return _svg(chart_id, title, height, body)
