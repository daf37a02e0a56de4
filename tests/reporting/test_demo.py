"""The reporting demo: ten countries in every UN region, every state of the review with a real
trail, records published twice with something to compare, other languages; seeding twice
changes nothing, ``--size`` scales, and a failure part-way leaves nothing behind."""

import io
import random

import pytest
from faker import Faker

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.test import Client
from django.utils import timezone

from chm.management.commands.seed_demo import DemoContext, demo_modules
from community.members import demo as members_demo
from community.members.models import FocalPoint
from reporting import demo, permissions, services
from reporting.models import (
    NBSAP,
    RECORD_MODELS,
    DataPoint,
    DataSeries,
    NationalReport,
    NationalTarget,
    ReviewStatus,
    ReviewStep,
    TargetAlignment,
    TargetProgress,
)
from search import signals as search_signals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_separately():
    """The demo's records are indexed as they are saved; that is the search app's business and
    slow (a report reindexes per progress row), so these tests leave it out."""
    post_save.disconnect(dispatch_uid="search_record_saved")
    m2m_changed.disconnect(dispatch_uid="search_record_m2m")
    yield
    search_signals.connect()


def _context(size=None):
    return DemoContext(
        size=size,
        stdout=io.StringIO(),
        style=None,
        faker=Faker(),
        random=random.Random(2030),
    )


def _seed(size=None):
    ctx = _context(size)
    with transaction.atomic():  # as seed_demo runs each app's demo
        members_demo.seed(ctx)
        demo.seed(ctx)
    return ctx


def _snapshot():
    return {
        model.__name__: sorted(
            model.objects.values_list("uuid", "review_status", "live", "title"), key=str
        )
        for model in RECORD_MODELS
    } | {
        "steps": ReviewStep.objects.count(),
        "alignments": TargetAlignment.objects.count(),
        "points": DataPoint.objects.count(),
        "progress": TargetProgress.objects.count(),
        "focal_points": FocalPoint.objects.count(),
    }


def test_the_demo_is_part_of_seed_demo():
    assert "reporting" in [label for label, _module in demo_modules()]


def test_the_demo_content_and_a_second_run():
    """One seeding (it takes a while) checked from every side, then seeded again."""
    _seed()
    check_ten_countries_in_every_un_region()
    check_every_state_of_the_review_is_shown()
    check_review_by_another_focal_point()
    check_records_published_twice_have_something_to_compare()
    check_content_is_complete_and_plausible()
    check_other_languages()
    check_demo_pages_open_for_visitors_and_drafts_stay_private()

    before = _snapshot()
    ctx = _seed()
    assert _snapshot() == before
    assert "0 new demo records" in ctx.stdout.getvalue()


def check_ten_countries_in_every_un_region():
    countries = NBSAP.objects.published().values_list("country__code", flat=True)
    assert len(set(countries)) >= 8
    regions = set(
        NationalTarget.objects.published().values_list("country__region__title", flat=True)
    )
    assert {"Africa", "Americas", "Asia", "Europe", "Oceania"} <= regions | set(
        NBSAP.objects.values_list("country__region__title", flat=True)
    )
    assert {"Africa", "Americas", "Asia", "Europe"} <= regions
    for code in demo.COUNTRIES:
        assert FocalPoint.objects.active().filter(country__code=code).exists(), code
    assert FocalPoint.objects.active().filter(country__code="KE").count() == 2
    assert FocalPoint.objects.active().filter(country__code="IN").count() == 2


def check_every_state_of_the_review_is_shown():
    labels = {str(record.status_label) for model in RECORD_MODELS for record in model.objects.all()}
    assert {
        "Draft",
        "Submitted for review",
        "Published",
        "Published, with changes in draft",
        "Published, with changes submitted for review",
    } <= labels
    # Draft only and submitted only: never published.
    assert NationalTarget.objects.filter(live=False, review_status=ReviewStatus.DRAFT).exists()
    assert NationalTarget.objects.filter(live=False, review_status=ReviewStatus.SUBMITTED).exists()
    # A draft returned with a comment.
    assert ReviewStep.objects.filter(action="return").exclude(comment="").exists()
    # Every record has its trail, written by the services, dated in the past and in order.
    now = timezone.now()
    for model in RECORD_MODELS:
        for record in model.objects.all():
            steps = list(services.steps_for(record))
            assert steps and steps[0].action == "create", record
            assert [s.created_at for s in steps] == sorted(s.created_at for s in steps)
            assert all(step.created_at < now for step in steps)
            assert record.latest_revision is not None


def check_review_by_another_focal_point():
    kenya_target = NationalTarget.objects.get(uuid=demo.demo_uuid("KE:target:protect"))
    steps = list(services.steps_for(kenya_target))
    submit = next(s for s in steps if s.action == "submit")
    publish = next(s for s in steps if s.action == "publish")
    assert submit.actor.focal_points.filter(country__code="KE").exists()
    assert publish.actor.focal_points.filter(country__code="KE").exists()
    assert submit.actor != publish.actor
    # India's second focal point submitted a target the demo's focal point for India reviews.
    priya = FocalPoint.objects.get(user__email="member00008@example.org").user
    awaiting = permissions.awaiting_review(priya, NationalTarget)
    assert awaiting.filter(country__code="IN").exists()
    target = awaiting.get(country__code="IN")
    assert "publish" in [a.name for a in _actions(priya, target)]


def _actions(user, record):
    from reporting.views import available_actions

    return available_actions(user, record)


def check_records_published_twice_have_something_to_compare():
    target = NationalTarget.objects.get(uuid=demo.demo_uuid("KE:target:protect"))
    first, second = [step.revision.as_object() for step in services.published_steps(target)]
    assert first.title != second.title == target.title
    degrees = [
        {a.target.number: a.degree for a in version.alignments.all()} for version in (first, second)
    ]
    assert degrees[0][1] == "medium" and degrees[1][1] == "high"

    report = NationalReport.objects.get(uuid=demo.demo_uuid("KE:report:7"))
    versions = [step.revision.as_object() for step in services.published_steps(report)]
    assert len(versions) == 2
    levels = [{p.target.number: p.level for p in v.progress.all()} for v in versions]
    assert levels[0][3] != levels[1][3] == "on-track"
    assert report.progress.get(target__number=3).level == "on-track"


def check_content_is_complete_and_plausible():
    assert set(TargetAlignment.objects.values_list("degree", flat=True)) == {
        "high",
        "medium",
        "low",
    }
    assert NationalTarget.objects.filter(headline_indicators__isnull=False).exists()
    assert NationalTarget.objects.exclude(component_indicators=[]).exists()
    assert NationalTarget.objects.filter(national_indicators__isnull=False).exists()
    # Series with several years and a disaggregation; values plausible for their indicator.
    coverage = DataSeries.objects.filter(headline_indicator__code="3.1")
    assert coverage.count() >= 8
    for series in coverage:
        assert series.points.values("year").distinct().count() >= 5
        assert all(0 <= point.value <= 100 for point in series.points.all())
    assert DataPoint.objects.filter(
        series__in=coverage, disaggregation="marine and coastal"
    ).exists()
    for point in DataPoint.objects.filter(series__headline_indicator__code="A.3"):
        assert 0 < point.value < 1
    forest = DataSeries.objects.filter(headline_indicator__isnull=True)
    assert forest.exclude(national_indicator=None).exists()
    for series in forest.exclude(national_indicator=None):
        assert NationalTarget.objects.filter(
            national_indicators__identifier=series.national_indicator, country=series.country
        ).exists()
    # Reports assess many targets, with evidence from the country's own series.
    for report in NationalReport.objects.published():
        assert report.progress.count() >= 15
    progress = TargetProgress.objects.exclude(evidence_series=[]).select_related("report")
    assert progress.exists()
    for item in progress:
        assert set(item.evidence_series) <= {
            str(uuid)
            for uuid in DataSeries.objects.filter(country=item.report.country).values_list(
                "uuid", flat=True
            )
        }
    text = " ".join(
        str(value)
        for model in RECORD_MODELS
        for value in model.objects.values_list("title", flat=True)
    ).lower()
    assert "lorem" not in text


def check_other_languages():
    assert NBSAP.objects.get(country__code="FR").language.code == "fr"
    assert NBSAP.objects.get(country__code="CO").language.code == "es"
    colombia = NationalTarget.objects.get(uuid=demo.demo_uuid("CO:target:colombia-10"))
    assert colombia.language.code == "es"
    canada = NationalTarget.objects.get(uuid=demo.demo_uuid("CA:target:canada-3"))
    assert set(canada.translations) == {"fr", "es"}
    title, language = canada.localized("title", "fr")
    assert language == "fr" and title.startswith("D'ici 2030")
    assert canada.localized("title", "en")[1] == "en"


def check_demo_pages_open_for_visitors_and_drafts_stay_private():
    client = Client()
    for model in RECORD_MODELS:
        for record in model.objects.all():
            status = client.get(record.get_absolute_url()).status_code
            assert status == (200 if record.live else 404), record


def test_size_scales_the_records():
    _seed(size=40)
    for model in RECORD_MODELS:
        assert model.objects.count() >= 40, model
    bulk_target = NationalTarget.objects.order_by("-pk").first()
    assert bulk_target.live and bulk_target.alignments.exists()
    bulk_report = NationalReport.objects.order_by("-pk").first()
    assert bulk_report.progress.count() == 23
    counts = {model: model.objects.count() for model in RECORD_MODELS}
    _seed(size=40)
    assert {model: model.objects.count() for model in RECORD_MODELS} == counts
    _seed(size=60)
    for model in RECORD_MODELS:
        assert model.objects.count() >= 60, model


def test_a_failure_part_way_leaves_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "_seed_report", broken)
    with pytest.raises(RuntimeError):
        _seed()
    for model in RECORD_MODELS:
        assert not model.objects.exists()
    assert not ReviewStep.objects.exists()
