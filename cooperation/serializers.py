"""Requests and offers in the record registry: one shape for search, JSON-LD and the API.

Listed records (``permissions.listed_requests`` / ``listed_offers``) are public; a record
before publication is found in search only by its owner (``permissions.record_audiences``).
An expired record keeps its page but leaves search: it is not indexable.

The type-specific keys use the CBD Bio-Bridge names where they exist (``bbiRequest``,
``bbiOpportunity``: ``assistanceTypes``, ``beneficiaryTypes``, ``applicationDeadline``…) in
snake case, so the exchange app maps them one to one.
"""

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chm.markdown import markdown_to_text
from exchange.links import page_url
from exchange.serializers import RecordSerializer, register

from . import permissions
from .models import Offer, OfferStatus, RequestStatus, SupportRequest


def _amount(value):
    """A decimal amount as a JSON number (None when unset)."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value):
    return value.isoformat() if value else None


def _codes(related, field):
    return [getattr(item, field) for item in related.all()]


def _own_or_listed(listed, user, expired):
    """Listed records, plus the user's own records that are not expired (an expired record
    is in no search)."""
    if user is None or not user.is_authenticated:
        return listed
    model = listed.model
    return model.objects.filter(
        Q(pk__in=listed.values("pk")) | (Q(owner_id=user.pk) & ~Q(status=expired))
    )


def shown_provider(user, offer):
    """An offer's provider as ``user`` (None: a visitor) may see it, as ``(name, url)``: a
    partner organization (linked while its page is live), or an expert, linked when their
    profile is visible to ``user`` and otherwise named as members allow
    (``community.members.permissions.shown_member``)."""
    if offer.provider_organization_id:
        organization = offer.provider_organization
        return organization.title, (organization.url if organization.live else None)
    if offer.provider_expert_id:
        from community.experts.permissions import can_view_expert
        from community.members.permissions import shown_member

        expert = offer.provider_expert
        if can_view_expert(user, expert):
            return expert.profile.display_name, expert.get_absolute_url()
        return shown_member(user, expert.profile).name, None
    return None, None


class CooperationSerializer(RecordSerializer):
    expired_status = "expired"

    def is_indexable(self, obj):
        if obj.status == self.expired_status:
            return False
        return obj.is_listed or obj.owner_id is not None

    def audiences(self, obj):
        return sorted(permissions.record_audiences(obj))

    def get_published(self, obj):
        return obj.published_at or obj.created_at

    def get_updated(self, obj):
        return obj.updated_at

    def get_constituencies(self, obj):
        return _codes(obj.beneficiaries, "slug")

    def common_extra(self, obj):
        return {
            "status": obj.status,
            "assistance_types": _codes(obj.assistance_types, "slug"),
            "beneficiaries": _codes(obj.beneficiaries, "slug"),
            "working_languages": _codes(obj.working_languages, "code"),
            "start_date": _iso(obj.start_date),
            "end_date": _iso(obj.end_date),
            "currency": obj.currency,
            "expires_on": _iso(obj.expires_on),
            "source_identifier": obj.source_identifier or None,
        }

    def _organization(self, organization, request):
        """A partner organization as schema.org, linked while its page is live."""
        document = {"@type": "Organization", "name": organization.title}
        if organization.live:
            document["url"] = page_url(organization, request)
        return document

    def _price_spec(self, data, low, high):
        if data[low] is None and data[high] is None:
            return None
        spec = {"@type": "PriceSpecification", "priceCurrency": data["currency"]}
        if data[low] is not None:
            spec["minPrice"] = data[low]
        if data[high] is not None:
            spec["maxPrice"] = data[high]
        return spec


@register
class SupportRequestSerializer(CooperationSerializer):
    """A request for support: schema.org ``Demand`` (what someone seeks), Bio-Bridge
    ``bbiRequest``."""

    record_type = "request"
    model = SupportRequest
    schema_type = "Demand"
    label = _("Request for support")
    expired_status = RequestStatus.EXPIRED

    def listing_base_url(self):
        return reverse("cooperation:requests")

    def queryset(self, user=None):
        listed = permissions.listed_requests()
        return _own_or_listed(listed, user, RequestStatus.EXPIRED).select_related(
            "requesting_organization", "language"
        )

    def dependencies(self):
        from community.partners.models import PartnerPage

        # The requesting organization's name is in the document.
        return {
            PartnerPage: lambda partner: SupportRequest.objects.filter(
                requesting_organization_id=partner.pk
            )
        }

    def get_text(self, obj):
        parts = [
            obj.title,
            obj.summary,
            markdown_to_text(obj.problem),
            markdown_to_text(obj.objectives),
            markdown_to_text(obj.expected_outcomes),
            markdown_to_text(obj.assistance_details),
            obj.organization_label,
            *[str(t.name) for t in obj.assistance_types.all()],
        ]
        if obj.status == RequestStatus.OUTCOME_REPORTED:
            parts.append(markdown_to_text(obj.outcome))
        return " ".join(part for part in parts if part)

    def extra_fields(self, obj, request=None):
        organization = obj.requesting_organization
        data = self.common_extra(obj)
        data.update(
            {
                "organization": obj.organization_label or None,
                # The partner organization's record (its uuid), if it is in the directory.
                "organization_partner": str(organization.uuid) if organization else None,
                "problem": obj.problem,
                "objectives": obj.objectives,
                "expected_outcomes": obj.expected_outcomes,
                "assistance_details": obj.assistance_details,
                "existing_initiatives": obj.existing_initiatives,
                "budget_min": _amount(obj.budget_min),
                "budget_max": _amount(obj.budget_max),
                "co_financing": obj.co_financing,
                # Endorsed by a national focal point (Bio-Bridge: the CBD focal point's
                # endorsement), as opposed to vetted without or against one.
                "endorsed": obj.transitions.filter(action="endorse").exists(),
                "outcome": obj.outcome if obj.status == RequestStatus.OUTCOME_REPORTED else None,
            }
        )
        return data

    def jsonld_extra(self, obj, data, request=None):
        document = {}
        # schema.org says who seeks a Demand from the other side (Organization ``seeks``
        # Demand); JSON-LD's ``@reverse`` states it on the Demand itself.
        if obj.requesting_organization_id:
            seeker = self._organization(obj.requesting_organization, request)
            document["@reverse"] = {"seeks": seeker}
        elif obj.organization_name:
            seeker = {"@type": "Organization", "name": obj.organization_name}
            document["@reverse"] = {"seeks": seeker}
        if data["assistance_types"]:
            document["category"] = data["assistance_types"]
        spec = self._price_spec(data, "budget_min", "budget_max")
        if spec:
            document["priceSpecification"] = spec
        if data["countries"]:
            document["areaServed"] = [
                {"@type": "Country", "identifier": code} for code in data["countries"]
            ]
        if data["start_date"]:
            document["availabilityStarts"] = data["start_date"]
        if data["end_date"]:
            document["availabilityEnds"] = data["end_date"]
        document["validThrough"] = data["expires_on"]
        return document


@register
class OfferSerializer(CooperationSerializer):
    """An offer of support: schema.org ``Offer``, Bio-Bridge ``bbiOpportunity``."""

    record_type = "offer"
    model = Offer
    schema_type = "Offer"
    label = _("Offer of support")
    expired_status = OfferStatus.EXPIRED

    def listing_base_url(self):
        return reverse("cooperation:offers")

    def queryset(self, user=None):
        listed = permissions.listed_offers()
        return _own_or_listed(listed, user, OfferStatus.EXPIRED).select_related(
            "provider_organization", "provider_expert__profile", "language"
        )

    def dependencies(self):
        from community.experts.models import ExpertProfile
        from community.members.models import Profile
        from community.partners.models import PartnerPage

        # The provider's name is in the document (an expert's lives on their member profile).
        return {
            PartnerPage: lambda partner: Offer.objects.filter(provider_organization_id=partner.pk),
            ExpertProfile: lambda expert: Offer.objects.filter(provider_expert_id=expert.pk),
            Profile: lambda profile: Offer.objects.filter(provider_expert__profile=profile),
        }

    def to_dict(self, obj, request=None):
        """An offer's regions are where it is open: those of its countries plus its eligible
        regions (and the regions these belong to), so the unified search's region facet
        finds an offer for Africa as the offers listing does."""
        data = super().to_dict(obj, request)
        regions = set(data["regions"])
        for region in obj.eligible_regions.select_related("parent"):
            regions.add(region.identifier)
            if region.parent_id:
                regions.add(region.parent.identifier)
        data["regions"] = sorted(regions)
        return data

    def get_summary(self, obj):
        text = markdown_to_text(obj.description)
        return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"

    def _provider_name(self, obj):
        return shown_provider(None, obj)[0]

    def get_text(self, obj):
        parts = [
            obj.title,
            markdown_to_text(obj.description),
            markdown_to_text(obj.eligibility),
            markdown_to_text(obj.potential_outcomes),
            self._provider_name(obj),
            *[str(t.name) for t in obj.assistance_types.all()],
        ]
        return " ".join(part for part in parts if part)

    def extra_fields(self, obj, request=None):
        data = self.common_extra(obj)
        organization = obj.provider_organization
        data.update(
            {
                "provider": self._provider_name(obj),
                "provider_kind": (
                    "organization"
                    if obj.provider_organization_id
                    else "expert"
                    if obj.provider_expert_id
                    else None
                ),
                "provider_partner": str(organization.uuid) if organization else None,
                "description": obj.description,
                "eligibility": obj.eligibility,
                "eligible_regions": _codes(obj.eligible_regions, "identifier"),
                "application_process": obj.application_process,
                "potential_outcomes": obj.potential_outcomes,
                "application_deadline": _iso(obj.application_deadline),
                "amount_min": _amount(obj.amount_min),
                "amount_max": _amount(obj.amount_max),
                "capacity": obj.capacity,
            }
        )
        return data

    def jsonld_extra(self, obj, data, request=None):
        document = {}
        if obj.provider_organization_id:
            document["offeredBy"] = self._organization(obj.provider_organization, request)
        elif data["provider"]:
            document["offeredBy"] = {"@type": "Person", "name": data["provider"]}
        if data["assistance_types"]:
            document["category"] = data["assistance_types"]
        spec = self._price_spec(data, "amount_min", "amount_max")
        if spec:
            document["priceSpecification"] = spec
        areas = [{"@type": "Country", "identifier": code} for code in data["countries"]]
        areas += [{"@type": "Place", "identifier": code} for code in data["eligible_regions"]]
        if areas:
            document["eligibleRegion"] = areas
        if data["application_deadline"]:
            document["validThrough"] = data["application_deadline"]
        else:
            document["validThrough"] = data["expires_on"]
        document["inventoryLevel"] = {"@type": "QuantitativeValue", "value": obj.capacity}
        return document
