"""The demo receiver knows only the wire formats: it imports no ATS package and none of the
delivery machinery, and nothing of the service imports it (it could be left out of production)."""

from tests.mariohr.test_the_core_never_imports_an_ats import imported_modules

SERVICE = ("assessments", "callbacks", "runtime_api", "ats_api", "mariohr")


def test_the_demo_receiver_imports_only_the_admin_roles_of_the_service():
    ours = {name for _, name in imported_modules("demo_ats") if name.split(".")[0] in {*SERVICE}}
    assert ours == {"assessments.roles"}


def test_no_part_of_the_service_imports_the_demo_receiver():
    assert [
        (path, name) for package in SERVICE for path, name in imported_modules(package) if name.startswith("demo_ats")
    ] == []
