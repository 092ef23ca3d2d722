"""Every visitor can download the source of the running site (AGPL-3.0, section 13)."""

import io
import tarfile

import pytest

import parvis
import parvis.core.source


@pytest.mark.django_db
def test_the_footer_links_to_the_source_of_the_running_code(client):
    page = client.get("/").content.decode()

    assert 'href="/source.tar.gz"' in page


@pytest.mark.django_db
def test_the_source_archive_holds_the_installed_code_and_its_licence(client):
    response = client.get("/source.tar.gz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert f'filename="parvis-{parvis.__version__}.tar.gz"' in response["Content-Disposition"]
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        names = set(archive.getnames())
        licence = archive.extractfile(f"parvis-{parvis.__version__}/LICENSE").read().decode()
        views = archive.extractfile(f"parvis-{parvis.__version__}/parvis/core/views.py").read()
    prefix = f"parvis-{parvis.__version__}/"
    assert {
        prefix + "parvis/settings.py",
        prefix + "parvis/templates/base.html",
        prefix + "pyproject.toml",
        prefix + "requirements/base.txt",
    } <= names
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in licence
    # It is the very code that runs, not a copy from elsewhere.
    with open(parvis.core.views.__file__, "rb") as running:
        assert views == running.read()
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.mark.django_db
def test_the_archive_never_holds_data_even_when_the_data_directory_sits_in_the_tree(
    client, settings, tmp_path, monkeypatch
):
    # A tree of the test's own: tests running meanwhile in another xdist worker archive (or
    # walk, as makemessages does) the real one, and must not meet this data directory there.
    package = tmp_path / "parvis"
    (package / "core").mkdir(parents=True)
    (package / "core" / "views.py").write_text("def home(request): ...\n")
    inside = package / "var-test-data"
    inside.mkdir()
    (inside / "secret_key").write_text("do-not-publish")
    (inside / "notes.txt").write_text("a file of the data directory")
    (inside / "parvis.sqlite3").write_bytes(b"SQLite format 3\x00")
    settings.DATA_DIR = inside
    monkeypatch.setattr(parvis.core.source, "PACKAGE_DIR", package)
    parvis.core.source.source_archive.cache_clear()
    try:
        response = client.get("/source.tar.gz")
    finally:
        parvis.core.source.source_archive.cache_clear()

    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        names = archive.getnames()
    assert names == [f"parvis-{parvis.__version__}/parvis/core/views.py"]
