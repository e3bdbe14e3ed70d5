"""Architecture rules that code review alone would let slip.

Every import counts, function-local ones too (`ast.walk` visits the whole tree), and relative
imports are resolved against the importing module, so no spelling slips past a rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "web", "jobs", "forms", "reports", "wording", "wsgi.py")
PROJECT = ("domain", "web", "jobs", "forms", "reports", "engine", "wording", "wsgi")
BLUEPRINTS = ("admin", "api", "audit", "desk", "portal", "studio")


def _python_files() -> list[Path]:
    files: list[Path] = []
    for name in PACKAGES:
        path = ROOT / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def _tree(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute, with `from a import b` also counted as `a.b`."""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package[:-1]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: list[str]) -> set[str]:
    """The imports of `source`, a module of `package`, resolved to absolute names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module:
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, forbidden: tuple[str, ...]) -> bool:
    """Whether module `name` is one of `forbidden` (dotted: "web", "domain.cases") or inside."""
    return any(name == bad or name.startswith(f"{bad}.") for bad in forbidden)


def _offenders(files: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in files:
        bad = sorted(name for name in _imports(path) if _within(name, forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_imports_are_seen_wherever_they_are():
    """The rules below see through function-local and relative imports."""
    names = _imports(ROOT / "jobs" / "runtime.py")
    assert "flask" in names
    local = ast.parse("def f():\n    from web.app import create_app\n")
    assert any(isinstance(node, ast.ImportFrom) and node.module == "web.app"
               for node in ast.walk(local))


def test_only_engine_imports_spiffworkflow():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if any(name.split(".")[0] == "SpiffWorkflow" for name in _imports(path))
    ]
    assert offenders == []


def test_engine_imports_no_other_project_package():
    forbidden = tuple(name for name in PROJECT if name != "engine")
    assert _offenders(_tree("engine"), forbidden) == {}


def test_domain_never_imports_the_web_layer():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "domain").rglob("*.py")
        if any(name == "web" or name.startswith("web.") for name in _imports(path))
    ]
    assert offenders == []


def test_domain_imports_neither_web_nor_jobs():
    assert _offenders(_tree("domain"), ("web", "jobs", "wsgi")) == {}


def test_sla_never_imports_cases():
    """Cases build on the calendar; a calendar edit reaches them via `domain.cases.calendar`."""
    assert _offenders(_tree("domain/sla"), ("domain.cases",)) == {}


def test_the_identity_shield_is_pure():
    """`domain/privacy` decides what personal data is from the text alone: no database, no
    other domain package, no Flask (who reads what masked is `domain/cases/shielded.py`)."""
    forbidden = ("domain", "sqlalchemy", "flask", "flask_sqlalchemy", "web", "jobs", "reports")
    offenders = _offenders(_tree("domain/privacy"), forbidden)
    assert offenders == {}


def test_dotted_rules_see_relative_and_local_imports():
    """`from ..cases import x` inside a function of domain/sla counts as domain.cases.x."""
    names = _imports_in("def f():\n    from ..cases import deadlines\n", ["domain", "sla"])
    assert names == {"domain.cases", "domain.cases.deadlines"}
    assert all(_within(name, ("domain.cases",)) for name in names)
    assert not _within("domain.casework", ("domain.cases",))


def test_the_domain_speaks_in_codes_and_wording_reads_only_the_domain():
    """Words are presentation: the domain never imports wording/, and wording/ (which web,
    jobs and reports share) depends on nothing above the domain."""
    assert _offenders(_tree("domain"), ("wording",)) == {}
    assert _offenders(_tree("wording"), ("web", "jobs", "reports", "forms", "wsgi")) == {}


def test_jobs_never_import_the_web_layer():
    """The worker hands the app in (`jobs.runtime.set_app`); jobs never build it themselves."""
    assert _offenders(_tree("jobs"), ("web", "wsgi")) == {}


def test_forms_never_import_the_domain():
    assert _offenders(_tree("forms"), ("domain", "web", "jobs", "reports", "wsgi")) == {}


def _blueprint_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for blueprint in BLUEPRINTS:
        for path in _tree(f"web/{blueprint}"):
            others = {
                ".".join(name.split(".")[:2]) for name in _imports(path)
                if name.startswith("web.") and len(name.split(".")) > 1
                and name.split(".")[1] in BLUEPRINTS and name.split(".")[1] != blueprint
            }
            if others:
                found[str(path.relative_to(ROOT))] = others
    return found


def test_a_blueprint_never_imports_another_blueprint():
    """Blueprints share rules through the domain and helpers through web/, never directly."""
    assert _blueprint_imports() == {}


def test_no_module_exceeds_500_lines():
    big = {
        str(path.relative_to(ROOT)): n
        for path in [*_python_files(), *(ROOT / "engine").rglob("*.py")]
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert big == {}
