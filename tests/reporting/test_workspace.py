"""My country's reporting (``reporting:workspace``), the record pages' edit link and review
trail, the member dashboard card and the data export: each rule both ways."""

import json

import pytest

from django.urls import reverse

from reporting import services
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)

from .workspace_helpers import focal_point

pytestmark = pytest.mark.django_db

WORKSPACE = "/reporting/my-country/"


def test_the_workspace_is_at_its_address_and_asks_to_sign_in(client):
    assert reverse("reporting:workspace") == WORKSPACE
    response = client.get(WORKSPACE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_who_reports_for_no_country_is_told_who_can_and_how(auth_client):
    response = auth_client.get(WORKSPACE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "does not report for any country" in page
    assert "How to become a focal point" in page
    assert auth_client.get(reverse("reporting:target_add")).status_code == 403


def test_a_focal_point_sees_their_countrys_records_and_no_other(client):
    kenyan = focal_point("KE")
    NBSAPFactory(country="KE", title="Kenya NBSAP 2025-2030")
    NationalTargetFactory(country="KE", sequence=2, title="Restore degraded land")
    NationalTargetFactory(country="KE", sequence=1, title="Protect forests", published=True)
    NationalReportFactory(country="KE", title="Kenya seventh report")
    DataSeriesFactory(country="KE", title="Kenya forest cover")
    NationalTargetFactory(country="BR", title="Brazil draft target")
    NationalTargetFactory(country="BR", title="Brazil public target", published=True)
    client.force_login(kenyan)
    page = client.get(WORKSPACE).content.decode()
    for title in (
        "Kenya NBSAP 2025-2030",
        "Restore degraded land",
        "Kenya seventh report",
        "Kenya forest cover",
    ):
        assert title in page
    assert page.index("Protect forests") < page.index("Restore degraded land")  # by number
    assert "Brazil draft target" not in page and "Brazil public target" not in page
    assert "Published" in page and "Draft" in page
    assert f"{reverse('reporting:target_add')}?country=KE" in page
    # A Kenyan focal point naming Brazil in the address still sees Kenya only.
    page = client.get(WORKSPACE, {"country": "BR"}).content.decode()
    assert "Brazil draft target" not in page and "Restore degraded land" in page


def test_awaiting_your_review_lists_what_another_focal_point_submitted(client):
    author, reviewer = focal_point("KE", display_name="Achieng Otieno"), focal_point("KE")
    record = NationalTargetFactory(country="KE", title="Halve invasive species")
    services.apply(author, record, "submit")
    client.force_login(reviewer)
    response = client.get(WORKSPACE)
    awaiting = response.content.decode().split("Awaiting your review")[1].split("</section>")[0]
    assert "Halve invasive species" in awaiting and "Achieng Otieno" in awaiting
    client.force_login(author)
    awaiting = client.get(WORKSPACE).content.decode().split("Awaiting your review")[1]
    assert "Nothing awaits your review" in awaiting.split("</section>")[0]
    client.force_login(focal_point("BR"))
    assert "Halve invasive species" not in client.get(WORKSPACE).content.decode()


def test_editors_choose_a_country_and_bad_choices_are_reported(editor_client):
    NationalTargetFactory(country="KE", title="Kenya target")
    page = editor_client.get(WORKSPACE).content.decode()
    assert 'name="country"' in page and "Kenya target" not in page
    page = editor_client.get(WORKSPACE, {"country": "KE"}).content.decode()
    assert "Kenya target" in page
    for bad in ("ZZ", "9" * 30, "", "<script>", "KE'--", "\x00", "K\x00"):
        response = editor_client.get(WORKSPACE, {"country": bad})
        assert response.status_code == 200
        assert "Kenya target" not in response.content.decode()
    response = editor_client.get(WORKSPACE + "?country=KE&country=BR")
    assert response.status_code == 200


def test_the_record_page_shows_edit_and_the_trail_to_its_country_only(client):
    author, reviewer = focal_point("KE"), focal_point("KE")
    record = NationalTargetFactory(country="KE", title="Protect wetlands")
    services.apply(author, record, "submit", comment="Ready for a look")
    record = services.apply(reviewer, record, "publish", comment="Looks right")
    edit = reverse("reporting:target_edit", args=[record.uuid])
    client.force_login(author)
    page = client.get(record.get_absolute_url()).content.decode()
    assert edit in page and "Review trail" in page
    assert "Ready for a look" in page and "Looks right" in page
    assert reverse("reporting:history", args=["targets", record.uuid]) in page
    client.force_login(focal_point("BR"))
    page = client.get(record.get_absolute_url()).content.decode()
    assert edit not in page and "Review trail" not in page and "Looks right" not in page
    client.logout()
    page = client.get(record.get_absolute_url()).content.decode()
    assert edit not in page and "Review trail" not in page
    assert "What changed since the last version" in page


def test_the_dashboard_card_counts_drafts_and_what_awaits_review(client, member):
    author, reviewer = focal_point("KE"), focal_point("KE")
    NationalTargetFactory(country="KE")
    NBSAPFactory(country="KE")
    submitted = NationalTargetFactory(country="KE")
    services.apply(author, submitted, "submit")
    NationalTargetFactory(country="BR")
    client.force_login(reviewer)
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "Your country&#x27;s reporting" in page or "Your country's reporting" in page
    assert "2 drafts" in page and "1 record awaits your review" in page
    assert WORKSPACE in page
    client.force_login(member)
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "2 drafts" not in page and "await your review" not in page


def test_the_data_export_holds_the_review_steps_the_member_took(client):
    author, reviewer = focal_point("KE"), focal_point("KE")
    record = NationalTargetFactory(country="KE", title="Export me")
    services.apply(author, record, "submit", comment="My own words")
    client.force_login(author)
    response = client.post(reverse("members:data_export"))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    steps = data["reporting_review_steps"]
    assert [step["action"] for step in steps] == ["submit"]
    assert steps[0]["comment"] == "My own words" and steps[0]["record"]["title"] == "Export me"
    client.force_login(reviewer)
    response = client.post(reverse("members:data_export"))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "reporting_review_steps" not in data
