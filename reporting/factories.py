"""Factories for reporting records.

Records are built as their country's drafts; ``published=True`` publishes the first version
(as an editor would in the admin, through a revision), so the columns hold the published version.
Children by shorthand: ``alignments=[(3, "high")]``, ``points=[(2020, 12.5)]`` or
``[(2020, 12.5, "female")]``, ``progress=[(3, "on-track")]``.
"""

import datetime

import factory

from taxonomy.models import Country, HeadlineIndicator, Target

from .models import (
    NBSAP,
    DataPoint,
    DataSeries,
    NationalReport,
    NationalTarget,
    ReviewStatus,
    TargetAlignment,
    TargetProgress,
)


def _country(code="KE"):
    return Country.objects.get(code=code)


class ReportingRecordFactory(factory.django.DjangoModelFactory):
    country = factory.LazyFunction(_country)
    live = False
    review_status = ReviewStatus.DRAFT

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, published=False, **kwargs):
        if isinstance(kwargs.get("country"), str):
            kwargs["country"] = _country(kwargs["country"])
        record = super()._create(model_class, *args, **kwargs)
        record._publish_when_built = published
        return record

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Once the children exist: the first revision, published if asked."""
        if not create:
            return
        revision = instance.save_revision(clean=False)
        if getattr(instance, "_publish_when_built", False):
            # As an editor publishing in the admin: signals.on_published records the step.
            revision.publish(skip_permission_checks=True)
            instance.refresh_from_db()


class NBSAPFactory(ReportingRecordFactory):
    title = factory.Sequence(lambda n: f"National Biodiversity Strategy and Action Plan {n}")
    summary = "The strategy sets national targets aligned with the global framework."
    is_gbf_aligned = True
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2030, 12, 31)

    class Meta:
        model = NBSAP


class NationalTargetFactory(ReportingRecordFactory):
    sequence = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Conserve 30% of land and sea {n}")
    description = "Expand and connect protected areas."

    class Meta:
        model = NationalTarget

    @factory.post_generation
    def alignments(self, create, extracted, **kwargs):
        if create and extracted:
            for number, degree in extracted:
                TargetAlignment.objects.create(
                    national_target=self, target=Target.objects.get(number=number), degree=degree
                )


class DataSeriesFactory(ReportingRecordFactory):
    title = factory.Sequence(lambda n: f"Protected area coverage {n}")
    headline_indicator = factory.LazyFunction(lambda: HeadlineIndicator.objects.get(code="3.1"))
    unit = "%"
    source = "National protected areas database"

    class Meta:
        model = DataSeries

    @factory.post_generation
    def points(self, create, extracted, **kwargs):
        if create and extracted:
            for point in extracted:
                year, value, *rest = point
                DataPoint.objects.create(
                    series=self, year=year, value=value, disaggregation=rest[0] if rest else ""
                )


class NationalReportFactory(ReportingRecordFactory):
    title = factory.Sequence(lambda n: f"Seventh national report {n}")
    cycle = 7
    submitted_on = datetime.date(2026, 2, 28)

    class Meta:
        model = NationalReport

    @factory.post_generation
    def progress(self, create, extracted, **kwargs):
        if create and extracted:
            for number, level in extracted:
                TargetProgress.objects.create(
                    report=self, target=Target.objects.get(number=number), level=level
                )
