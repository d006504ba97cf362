"""The core speaks MarioHR's words: nothing in assessments, callbacks or runtime_api imports an
ATS's package, and assessments holds no DRF (its API-key model's base class aside: a model with a
migration history). A second ATS is then one more package under ats_api/, touching no core file."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ("assessments", "callbacks", "runtime_api")
# The API keys' model is built on rest_framework_api_key's AbstractAPIKey (a model, with migrations).
ALLOWED_DRF = {("assessments/models/organizations.py", "rest_framework_api_key.models")}


def imported_modules(package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            found += [(str(path.relative_to(ROOT)), name) for name in names]
    return found


@pytest.mark.parametrize("package", CORE)
def test_no_core_app_imports_ats_api(package):
    assert [(path, name) for path, name in imported_modules(package) if name.split(".")[0] == "ats_api"] == []


def test_assessments_holds_no_drf_or_http_framework():
    drf = [
        (path, name)
        for path, name in imported_modules("assessments")
        if name.split(".")[0] in {"rest_framework", "rest_framework_api_key", "drf_spectacular"}
    ]
    assert set(drf) <= ALLOWED_DRF


def test_assessments_uses_neither_callbacks_nor_the_runtime_api():
    # STYLE.md: callbacks uses assessments, never the reverse; the interview page's deliveries are
    # added by callbacks/admin.py.
    assert [
        (path, name)
        for path, name in imported_modules("assessments")
        if name.split(".")[0] in {"callbacks", "runtime_api"}
    ] == []
