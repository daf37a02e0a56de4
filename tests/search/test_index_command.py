"""``manage.py search_index rebuild|update|check``."""

import pytest

from django.core.management import CommandError, call_command

from search.factories import SearchDocumentFactory
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("search_index", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_check_update_and_rebuild(publish):
    page = publish("Pollinator pathways", "Hedgerows.")
    assert "up to date" in run("check")

    SearchDocument.objects.filter(uuid=page.uuid).delete()
    stale = SearchDocumentFactory(title="Gone record")
    with pytest.raises(CommandError, match="out of date"):
        run("check")

    output = run("update")
    assert "Indexed 1 records, removed 1 stale" in output
    assert SearchDocument.objects.filter(uuid=page.uuid).exists()
    assert not SearchDocument.objects.filter(pk=stale.pk).exists()

    SearchDocumentFactory(title="Another stray")
    assert "Indexed 1 records." in run("rebuild")
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Pollinator pathways"]
    assert "up to date" in run("check", "--type", "page")


def test_unknown_type_and_action_are_refused_without_changes():
    SearchDocumentFactory(title="Keep me")
    with pytest.raises(CommandError, match="Unknown record type 'nope'"):
        run("rebuild", "--type", "nope")
    with pytest.raises(CommandError):
        run("explode")
    assert SearchDocument.objects.filter(title="Keep me").exists()


def test_the_command_runs_with_django_system_checks_like_manage_py(publish):
    from io import StringIO

    publish("Dry forests", "Baobabs.")
    out = StringIO()
    call_command("search_index", "check", "--no-progress", skip_checks=False, stdout=out)
    assert "up to date" in out.getvalue()


def test_the_progress_bar_is_shown_by_default(publish):
    from io import StringIO

    publish("Soil health", "Earthworms.")
    err = StringIO()
    call_command("search_index", "update", stdout=StringIO(), stderr=err)
    assert "Updating" in err.getvalue() and "1/1" in err.getvalue()
