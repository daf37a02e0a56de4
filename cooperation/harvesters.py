"""Importers of another portal's requests for support and offers (``exchange.portal``).

The API gives both in the registry's shape (``cooperation/serializers.py``: the common keys plus
``extra_fields``). A harvested request or offer is published as its source published it: the
status says so, it is listed here, and nobody here can change it (``permissions``: a harvested
record is edited at its source). Who posted it at the source stays there: there is no local
owner, and the contact goes through the original record's page, linked from the provenance.
Text fields are Markdown, sanitized when shown; the requesting or providing organization links
the partner page harvested from the same source record when there is one, and keeps its name
otherwise.
"""

from django.utils import timezone

from chm.harvesting import PortalDocument, PortalImporter
from community.partners.models import PartnerPage
from exchange.harvesting import RecordRejected, register
from taxonomy.models import Constituency, Language

from .models import AssistanceType, Offer, OfferStatus, RequestStatus, SupportRequest


class CooperationImporter(PortalImporter):
    """What requests and offers share; a subclass names its texts and fills the rest."""

    published = ""
    texts = {}  # API key -> model field (Markdown or plain text)
    required = ()

    def fill(self, record, doc, context):
        """The type's own fields."""

    def relate(self, record, doc, context):
        """The type's own many-to-many values, once the record is saved."""

    def save(self, document, record, context):
        doc = PortalDocument(document)
        record = record or self.model()
        record.title = doc.text("title", required=True, limit=255)
        for key, name in self.texts.items():
            setattr(record, name, doc.text(key, required=key in self.required))
        record.start_date = doc.date("start_date")
        record.end_date = doc.date("end_date")
        if record.start_date and record.end_date and record.end_date < record.start_date:
            raise RecordRejected("end_date: the period ends before it starts.")
        currency = doc.text("currency") or "USD"
        if len(currency) != 3:
            raise RecordRejected("currency: expected a three-letter currency code.")
        record.currency = currency.upper()
        record.language = self.language_term(doc, "language", context)
        self.fill(record, doc, context)
        record.status = self.published
        record.published_at = doc.datetime("published") or record.published_at or timezone.now()
        record.full_clean(exclude=["contact_name", "contact_email", "expires_on"])
        record.save()
        self.classify(record, doc, context)
        record.assistance_types.set(
            self.terms(AssistanceType, doc, "assistance_types", "slug", context)
        )
        record.beneficiaries.set(self.terms(Constituency, doc, "beneficiaries", "slug", context))
        record.working_languages.set(
            self.terms(Language, doc, "working_languages", "code", context)
        )
        self.relate(record, doc, context)
        return record

    @staticmethod
    def partner(doc, key, context):
        """The local partner page harvested from the partner ``doc[key]`` names (its uuid at
        the source), or None."""
        uid = doc.text(key)
        return context.resolve(uid, PartnerPage) if uid else None


@register
class RequestImporter(CooperationImporter):
    schema = "request"
    model = SupportRequest
    label = "Request for support"
    published = RequestStatus.PUBLISHED
    texts = {
        "summary": "summary",
        "problem": "problem",
        "objectives": "objectives",
        "expected_outcomes": "expected_outcomes",
        "assistance_details": "assistance_details",
        "existing_initiatives": "existing_initiatives",
        "co_financing": "co_financing",
    }
    required = ("summary", "problem")

    def fill(self, record, doc, context):
        if len(record.summary) > 600:
            raise RecordRejected("summary: longer than 600 characters.")
        record.budget_min = doc.amount("budget_min")
        record.budget_max = doc.amount("budget_max")
        record.requesting_organization = self.partner(doc, "organization_partner", context)
        record.organization_name = (
            "" if record.requesting_organization else doc.text("organization", limit=255)
        )


@register
class OfferImporter(CooperationImporter):
    schema = "offer"
    model = Offer
    label = "Offer of support"
    published = OfferStatus.PUBLISHED
    texts = {
        "description": "description",
        "eligibility": "eligibility",
        "application_process": "application_process",
        "potential_outcomes": "potential_outcomes",
    }
    required = ("description",)

    def fill(self, record, doc, context):
        record.application_deadline = doc.date("application_deadline")
        record.amount_min = doc.amount("amount_min")
        record.amount_max = doc.amount("amount_max")
        capacity = doc.integer("capacity")
        if capacity is not None:
            if capacity < 0:
                raise RecordRejected("capacity: expected a positive number.")
            record.capacity = capacity
        record.provider_organization = self.partner(doc, "provider_partner", context)
        record.provider_expert = None

    def relate(self, record, doc, context):
        record.eligible_regions.set(self.region_terms(doc, "eligible_regions", context))
