"""Test support lives once, in tests/support/: a conftest holds fixtures only, and no file under
tests/ (a conftest included) imports from one. pytest finds fixtures by itself; an import of a
conftest makes a second copy of the module and hides where a helper really lives."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def conftest_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # `from . import conftest` names the module among the imported names.
            modules = [node.module or ""] + [alias.name for alias in node.names if not node.module]
        else:
            continue
        if any("conftest" in module.split(".") for module in modules):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_file_under_tests_imports_from_a_conftest():
    offenders = [line for path in sorted((ROOT / "tests").rglob("*.py")) for line in conftest_imports(path)]
    assert offenders == [], "import from tests/support/ instead:\n" + "\n".join(offenders)


def helpers_in(conftest: Path) -> list[str]:
    """Top-level functions of a conftest that are neither fixtures nor pytest hooks."""
    found = []
    for node in ast.parse(conftest.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("pytest_"):
            decorators = [ast.unparse(decorator) for decorator in node.decorator_list]
            if not any(decorator.startswith("pytest.fixture") for decorator in decorators):
                found.append(f"{conftest.relative_to(ROOT)}:{node.lineno}: def {node.name}")
    return found


def test_conftest_files_hold_fixtures_only():
    helpers = [line for path in sorted((ROOT / "tests").rglob("conftest.py")) for line in helpers_in(path)]
    assert helpers == [], "move these to a module of tests/support/:\n" + "\n".join(helpers)
