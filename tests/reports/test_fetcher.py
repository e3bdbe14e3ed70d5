"""Citizen text can neither read a local file nor reach the network through a PDF."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import current_app

from domain.letters import operations as letters
from reports.render import ENV, render_html
from tests.jobs.fakes import http_recorder
from tests.jobs.support import drain_outbox, pdf_text, to_follow_up

ROOT = Path(__file__).resolve().parents[2]
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
         "mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_markup_in_citizen_text_stays_text_in_a_letter(world):
    with http_recorder(body=b"body::after { content: 'LEAKED-HTTP' }",
                       content_type="text/css") as server:
        evil = ('<img src="file:///etc/passwd">'
                f'<link rel="stylesheet" href="{server["url"]}/x.css"><script>alert(1)</script>')
        _, case = to_follow_up(description=f"Obat kosong. {evil} Mohon dicek.")
        drain_outbox()
        [letter] = [x for x in letters.letters_of(case) if x.kind == "disposition"]
        pdf = letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes()
        text = pdf_text(pdf)
        assert '<img src="file:///etc/passwd">' in text  # shown as the citizen typed it
        assert "root:x:0:0" not in text and "LEAKED" not in text
        assert server["requests"] == []


def test_the_fetcher_refuses_files_and_the_network_even_for_raw_markup(tmp_path):
    css = tmp_path / "evil.css"
    css.write_text("body::after { content: 'LEAKED-FILE' }")
    with http_recorder(body=b"body::before { content: 'LEAKED-HTTP' }",
                       content_type="text/css") as server:
        html = f"""<html><head>
          <link rel="stylesheet" href="{css.as_uri()}">
          <link rel="stylesheet" href="{server['url']}/a.css">
          <style>@import url("{server['url']}/b.css");</style>
          <link rel="stylesheet" href="aduan-asset:../render.py">
        </head><body><p>Isi surat</p>
          <img src="file:///etc/passwd"><img src="https://example.org/x.png">
          <img src="{server['url']}/c.png"><img src="{PIXEL}">
        </body></html>"""
        rendered = render_html(html)
        assert server["requests"] == []
    text = pdf_text(rendered.pdf)
    assert "Isi surat" in text and "LEAKED" not in text and "root:" not in text
    refused = " ".join(rendered.refused)
    for url in (css.as_uri(), "file:///etc/passwd", "https://example.org/x.png",
                f"{server['url']}/a.css", f"{server['url']}/c.png", "aduan-asset:../render.py"):
        assert url in refused, url
    assert "data:" not in refused  # data: images are allowed


def test_every_jinja_environment_autoescapes():
    assert ENV.autoescape is True
    assert ENV.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    offenders = []
    for path in [*ROOT.joinpath("reports").rglob("*.py"), *ROOT.joinpath("jobs").rglob("*.py"),
                 *ROOT.joinpath("web").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", "")) == "Environment":
                autoescape = [k for k in node.keywords if k.arg == "autoescape"]
                if not autoescape or getattr(autoescape[0].value, "value", None) is not True:
                    offenders.append(str(path))
    assert offenders == []
