"""Harvested records read-only and showing their provenance; the Harvesting admin menu; the
``harvest`` command and tasks."""

import datetime
import json
import re
from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from community.partners.permissions import can_edit_partner
from exchange import portal, tasks
from exchange.models import HarvestRun, HarvestSource, Provenance, RunStatus, Schedule, SourceKind

from .fakes import BASE, FakeAPI, news_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="Other CHM", slug="other", kind=SourceKind.PORTAL, url=BASE, record_types=["news"]
    )


@pytest.fixture
def fake_api(monkeypatch):
    fake = FakeAPI([news_item("n-1"), news_item("bad", title=None)])
    monkeypatch.setattr(portal, "fetch", fake)
    return fake


@pytest.fixture
def harvested(source, fake_api, news_index):
    call_command("harvest", "other", stdout=StringIO())
    return Provenance.objects.get(original_id="n-1").record


# --- the record's page ------------------------------------------------------------------------


def test_the_page_shows_its_provenance_and_links_the_original(client, harvested):
    response = client.get(harvested.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harvested from Other CHM" in html
    assert f'href="{BASE}/news/n-1/"' in html
    assert "<strong>map</strong>" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    document = json.loads(ld)
    assert document["isBasedOn"] == f"{BASE}/news/n-1/"
    assert document["sourceOrganization"]["name"] == "Other CHM"


def test_a_local_page_shows_no_provenance(client, news_index):
    from chm.factories import NewsPageFactory

    page = NewsPageFactory(parent=news_index)
    assert "Harvested from" not in client.get(page.url).content.decode()


def test_the_edit_view_of_a_harvested_page_is_a_read_only_notice(editor_client, harvested):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[harvested.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "was harvested from Other CHM" in html and f"{BASE}/news/n-1/" in html
    posted = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[harvested.pk]), {"title": "Changed here"}
    )
    assert posted.status_code == 403
    harvested.refresh_from_db()
    assert harvested.title == "Seagrass meadows mapped"
    # Unpublishing and deleting stay local decisions.
    assert (
        editor_client.get(reverse("wagtailadmin_pages:delete", args=[harvested.pk])).status_code
        == 200
    )
    assert (
        editor_client.get(reverse("wagtailadmin_pages:unpublish", args=[harvested.pk])).status_code
        == 200
    )


def test_a_local_page_is_still_editable(editor_client, news_index):
    from chm.factories import NewsPageFactory

    page = NewsPageFactory(parent=news_index)
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_a_harvested_partner_is_not_editable_by_its_admins(partner, partner_admin, source):
    assert can_edit_partner(partner_admin, partner)
    Provenance.objects.create(record=partner, source=source, original_id="p-1")
    partner.__dict__.pop("_provenance", None)
    assert not can_edit_partner(partner_admin, partner)


# --- the command and tasks -------------------------------------------------------------------


def test_the_command_prints_counts_and_reasons(source, fake_api, news_index):
    out = StringIO()
    call_command("harvest", "other", stdout=out)
    text = out.getvalue()
    assert "created 1" in text and "refused 1" in text
    assert "refused bad@" in text and "title: this field is required." in text


def test_the_command_refuses_an_unknown_slug_and_no_arguments(source):
    with pytest.raises(CommandError, match="No harvest source 'nope'. Known sources: other"):
        call_command("harvest", "nope")
    with pytest.raises(CommandError, match="one source slug"):
        call_command("harvest")


def test_the_command_fails_when_the_run_fails(source, monkeypatch):
    monkeypatch.setattr(portal, "fetch", lambda url: "not a listing")
    with pytest.raises(CommandError, match="Harvest failed: other"):
        call_command("harvest", "--all", stdout=StringIO(), stderr=StringIO())
    assert HarvestRun.objects.get().status == RunStatus.FAILED


def test_due_runs_only_scheduled_sources_whose_interval_passed(source, fake_api, news_index):
    source.schedule = Schedule.DAILY
    source.save()
    manual = HarvestSource.objects.create(name="M", slug="m", kind=SourceKind.PORTAL, url=BASE)
    assert source.is_due() and not manual.is_due()
    out = StringIO()
    call_command("harvest", "--due", stdout=out)
    assert "other:" in out.getvalue() and "m:" not in out.getvalue()
    assert not source.is_due()
    assert source.is_due(timezone.now() + datetime.timedelta(days=1))
    assert tasks.harvest_due_sources.call() == []


def test_the_task_harvests_one_source(source, fake_api, news_index):
    run_id = tasks.harvest_source.call(source.pk)
    assert HarvestRun.objects.get(pk=run_id).created == 1
    assert tasks.harvest_source.call(999999) is None


# --- the admin ---------------------------------------------------------------------------------


def test_sources_are_managed_in_the_admin(editor_client):
    index = editor_client.get(reverse("exchange_sources:index"))
    assert index.status_code == 200
    assert editor_client.get(reverse("exchange_sources:add")).status_code == 200
    data = {
        "name": "Kenya CHM",
        "slug": "kenya",
        "kind": "portal",
        "url": "https://chm.example.ke",
        "record_types": "[]",
        "parameters": "{}",
        "schedule": "daily",
        "enabled": "on",
        "origin_name": "",
    }
    bad = editor_client.post(reverse("exchange_sources:add"), {**data, "kind": "ftp"})
    assert bad.status_code == 200 and not HarvestSource.objects.exists()
    bad_json = editor_client.post(reverse("exchange_sources:add"), {**data, "parameters": "{"})
    assert bad_json.status_code == 200 and not HarvestSource.objects.exists()
    created = editor_client.post(reverse("exchange_sources:add"), data)
    assert created.status_code == 302
    source = HarvestSource.objects.get(slug="kenya")
    assert (
        editor_client.get(reverse("exchange_sources:inspect", args=[source.pk])).status_code == 200
    )
    assert editor_client.get(reverse("exchange_sources:edit", args=[source.pk])).status_code == 200
    assert editor_client.get(reverse("exchange_sources:edit", args=[999999])).status_code == 404


def test_harvest_now_shows_the_run_with_refusals(editor_client, source, fake_api, news_index):
    url = reverse("exchange_sources:harvest", args=[source.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "title: this field is required." in html
    run = HarvestRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("exchange_runs:inspect", args=[run.pk])
    assert editor_client.post(reverse("exchange_sources:harvest", args=[999999])).status_code == 404


def test_harvest_now_needs_the_permission(auth_client, source):
    response = auth_client.post(reverse("exchange_sources:harvest", args=[source.pk]))
    assert response.status_code in (302, 403)
    assert not HarvestRun.objects.exists()


def test_a_source_with_records_cannot_be_deleted(editor_client, harvested, source):
    url = reverse("exchange_sources:delete", args=[source.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert HarvestSource.objects.filter(pk=source.pk).exists()


def test_an_unused_source_can_be_deleted(editor_client, source):
    response = editor_client.post(reverse("exchange_sources:delete", args=[source.pk]))
    assert response.status_code == 302 and not HarvestSource.objects.exists()


def test_runs_are_read_only(editor_client, harvested):
    run = HarvestRun.objects.get()
    assert editor_client.get(reverse("exchange_runs:index")).status_code == 200
    inspect = editor_client.get(reverse("exchange_runs:inspect", args=[run.pk]))
    assert inspect.status_code == 200
    assert "title: this field is required." in inspect.content.decode()
    assert editor_client.get(reverse("exchange_runs:inspect", args=[999999])).status_code == 404
    assert editor_client.get(f"/admin/exchange_runs/edit/{run.pk}/").status_code == 404
    assert editor_client.get("/admin/exchange_runs/new/").status_code == 404
