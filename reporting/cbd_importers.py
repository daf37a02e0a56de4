"""The reporting records' CBD formats as harvest importers (``exchange.harvesting``).

A harvested record is the source's published record: it is saved, given a revision and
published (``review_status`` published) in the run's transaction. Harvested again, the same
record takes the new values and its children (documents, alignments, indicators, reference
periods) are replaced; its uuid, creator and review trail stay. A document the format refuses
is refused with every problem named (``CBDFormatError.errors``).
"""

from django.utils import timezone

from chm.cbd_reader import CBDFormatError
from exchange.harvesting import CBD, Importer, RecordRejected, register
from exchange.models import is_harvested

from . import cbd_mapping
from .cbd import nbsap_from_cbd, target_from_cbd, to_cbd
from .models import NBSAP, NationalTarget, ReviewStatus

# Columns that belong to the record as a whole (kept on update) although they are editable.
_KEPT = {"uuid", "created_by", "created_at"}
# Columns a CBD document sets although they are not editable in forms.
_FROM_DOCUMENT = {"cbd_extra", "cbd_identifier", "translations"}


def build(reader, document):
    try:
        return reader(document)
    except CBDFormatError as error:
        raise RecordRejected(str(error), errors=error.errors) from error


def take_values(new, record):
    """Copy onto ``record`` (stored) the values a CBD document gave ``new`` (unsaved)."""
    for field in type(record)._meta.concrete_fields:
        if field.primary_key or field.name in _KEPT:
            continue
        if field.editable or field.name in _FROM_DOCUMENT:
            setattr(record, field.attname, getattr(new, field.attname))
    return record


def save_published(built, record=None):
    """Write what ``from_cbd`` built as a published record (new, or ``record`` updated)."""
    record = built.record if record is None else take_values(built.record, record)
    for name, children in built.children.items():
        setattr(record, name, children)
    for name, values in built.many.items():
        getattr(record, name).set(values)
    record.review_status = ReviewStatus.PUBLISHED
    record.full_clean()
    record.save()
    revision = record.save_revision(clean=False)
    revision.publish(skip_permission_checks=True, changed=False)
    return record


class ReportingImporter(Importer):
    kind = CBD
    reader = None

    def save(self, document, record, context):
        built = build(type(self).reader, document)
        if built.record.cbd_identifier and not record:
            # Imported before by hand (the upload form) or from another source: one record.
            found = self.model.objects.filter(cbd_identifier=built.record.cbd_identifier).first()
            record = found if found is not None and not is_harvested(found) else None
        return save_published(built, record)

    def export(self, record):
        return to_cbd(record)


@register
class NBSAPImporter(ReportingImporter):
    schema = "nbsap"
    model = NBSAP
    label = "NBSAP"
    reader = staticmethod(nbsap_from_cbd)


@register
class NationalTargetImporter(ReportingImporter):
    schema = "nationalTarget7"
    model = NationalTarget
    label = "national target"
    reader = staticmethod(target_from_cbd)


@register
class TargetMappingImporter(Importer):
    kind = CBD
    schema = "nationalTarget7Mapping"
    model = cbd_mapping.TargetMapping
    label = "national targets' coverage of a global goal or target"

    def save(self, document, record, context):
        built = build(cbd_mapping.mapping_from_cbd, document)
        new = built.record
        if record is None:
            record = cbd_mapping.TargetMapping.objects.filter(
                country=new.country, goal=new.goal, target=new.target
            ).first()
        if record is not None:
            take_values(new, record)
            new = record
        new.updated_at = timezone.now()
        new.full_clean()
        new.save()
        new.reference_periods.all().delete()
        for period in built.children["reference_periods"]:
            period.mapping = new
            period.save()
        return new

    def export(self, record):
        return cbd_mapping.mapping_to_cbd(record)
