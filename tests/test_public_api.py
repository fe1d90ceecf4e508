"""The package's public surface: what scripts may import from ``claimdesk`` directly."""

import claimdesk


def test_all_names_the_public_surface_and_each_is_importable():
    assert sorted(claimdesk.__all__) == claimdesk.__all__
    for name in claimdesk.__all__:
        assert getattr(claimdesk, name) is not None, name


def test_every_error_is_a_claimdesk_error():
    for name in ("InputError", "LedgerError", "InvalidStatus", "NotFound", "FetchError"):
        assert issubclass(getattr(claimdesk, name), claimdesk.ClaimdeskError)


def test_library_modules_import_neither_click_nor_datasette():
    # The CLI (cli/) and the plugin (plugin.py) are thin layers; nothing else may depend on them.
    import ast
    from pathlib import Path

    package = Path(claimdesk.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package)
        if relative.parts[0] == "cli" or relative.name == "plugin.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{relative}: {n}" for n in names if n.split(".")[0] in ("click", "datasette")]
    assert offenders == []


def test_no_public_name_hides_a_submodule():
    import importlib
    import pkgutil

    submodules = {m.name for m in pkgutil.iter_modules(claimdesk.__path__)}
    assert not submodules & set(claimdesk.__all__)
    for name in ("build", "extract", "report", "evidence"):
        assert type(importlib.import_module(f"claimdesk.{name}")).__name__ == "module"
