"""The shape of the code (README "How the code is laid out"): the rules a machine can check.

Imports are read with `ast`, so an import inside a function counts as much as one at the top.
"""
import ast
from functools import cache
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
TOP_LEVEL_MODULES = {"__init__.py", "config.py", "extensions.py", "web.py", "input_guard.py"}
MAX_LINES = 300
DOMAINS = ("cards", "network", "stats", "printing", "decoding", "core")
BLUEPRINTS = ("admin", "auth", "dashboards", "issuing", "public", "scanning", "api", "cli", "ops")


def python_files(folder: Path = APP) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    base = APP.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every module the file imports; `from package import name` counts `package.name` when that
    is a module, else `package`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if module_path(submodule) else base)
    return frozenset(found)


def room_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "app" else None


@cache
def is_view_module(path: Path) -> bool:
    """A module that adds routes to a blueprint (`@bp.route`, `@bp.get`, `bp.add_url_rule`, ...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "bp" \
                and node.attr in {"route", "get", "post", "put", "patch", "delete", "add_url_rule"}:
            return True
    return False


def relative(path: Path) -> str:
    return str(path.relative_to(APP.parent))


def test_only_the_factory_config_extensions_and_request_plumbing_sit_directly_under_app():
    stray = sorted(p.name for p in APP.glob("*.py") if p.name not in TOP_LEVEL_MODULES)
    assert stray == [], f"modules directly under app/ belong in a room: {stray}"


def test_no_python_file_under_app_passes_the_line_limit():
    # Translation catalogues and reference data under app/ are not code and are not counted.
    counts = {relative(p): len(p.read_text(encoding="utf-8").splitlines()) for p in python_files()}
    long = {name: count for name, count in counts.items() if count > MAX_LINES}
    assert long == {}, f"files over {MAX_LINES} lines: {long}"


def test_admin_services_is_gone_from_app():
    files = [p for p in APP.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    named = [relative(p) for p in files if "admin_services" in relative(p)]
    mentioned = [relative(p) for p in files if "admin_services" in p.read_bytes().decode("utf-8", "replace")]
    assert named == [], f"files named after admin_services: {named}"
    assert mentioned == [], f"files mentioning admin_services: {mentioned}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_rooms_import_no_blueprint(domain):
    wrong = {f"{relative(path)} imports {module}"
             for path in python_files(APP / domain)
             for module in imported_modules(path) if room_of(module) in BLUEPRINTS}
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_views_import_no_other_blueprints_views(blueprint):
    wrong = set()
    for path in python_files(APP / blueprint):
        for module in imported_modules(path):
            target = module_path(module)
            if room_of(module) in BLUEPRINTS and room_of(module) != blueprint and target and is_view_module(target):
                wrong.add(f"{relative(path)} imports {module}")
    assert not wrong, "\n".join(sorted(wrong))


def test_view_modules_import_no_other_view_module():
    """Within one blueprint too: what two views share lives in a helper module or a domain.
    (The blueprint's __init__.py imports its view modules to register them; it adds no routes.)"""
    wrong = set()
    for blueprint in BLUEPRINTS:
        for path in filter(is_view_module, python_files(APP / blueprint)):
            for module in imported_modules(path):
                target = module_path(module)
                if room_of(module) in BLUEPRINTS and target not in (None, path) and is_view_module(target):
                    wrong.add(f"{relative(path)} imports {module}")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_checks_see_what_they_should():
    """Guards against a checker that silently finds nothing."""
    assert "app.extensions" in imported_modules(APP / "printing" / "jobs.py")
    assert is_view_module(APP / "api" / "decode.py") and not is_view_module(APP / "printing" / "jobs.py")
    assert module_name(APP / "cards" / "__init__.py") == "app.cards"
