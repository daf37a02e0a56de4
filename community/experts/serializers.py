from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chm.markdown import markdown_to_text
from exchange.links import page_url
from exchange.serializers import RecordSerializer, register

from . import permissions
from .models import ExpertProfile


@register
class ExpertProfileSerializer(RecordSerializer):
    """Expert profiles: public ones for everyone, members-only ones for members, and
    off-roster ones for nobody but their owner (who reaches them from the dashboard). Only
    fields the expert chose to show are serialized, so the API, JSON-LD and search index
    never carry a hidden field."""

    record_type = "expert"
    model = ExpertProfile
    schema_type = "Person"
    label = _("Expert")

    def listing_base_url(self):
        return reverse("experts:directory")

    def queryset(self, user=None):
        return permissions.listed_experts(user).select_related("profile", "organization")

    def dependencies(self):
        from community.members.models import Profile

        # The expert's name and constituencies live on the member profile.
        return {Profile: lambda profile: ExpertProfile.objects.filter(profile=profile)}

    def is_indexable(self, obj):
        return permissions.is_listed(obj)

    def audiences(self, obj):
        return permissions.expert_audiences(obj)

    def get_title(self, obj):
        return obj.profile.display_name

    def get_summary(self, obj):
        return obj.headline

    def get_published(self, obj):
        return obj.created_at

    def get_updated(self, obj):
        return obj.updated_at

    def get_constituencies(self, obj):
        return [c.slug for c in obj.profile.constituencies.all()]

    def get_text(self, obj):
        parts = [obj.profile.display_name, obj.headline, *[t.name for t in obj.expertise.all()]]
        if obj.show_publications:
            parts.append(markdown_to_text(obj.publications))
        return " ".join(filter(None, parts))

    def extra_fields(self, obj, request=None):
        return {
            "expertise": sorted(tag.name for tag in obj.expertise.all()),
            "availability": obj.availability,
            "working_languages": (
                [lang.code for lang in obj.languages.all()] if obj.show_languages else []
            ),
            "organization": (obj.organization_name or None) if obj.show_organization else None,
            "orcid": (obj.orcid or None) if obj.show_orcid else None,
        }

    def jsonld_extra(self, obj, data, request=None):
        document = {"jobTitle": obj.headline, "knowsAbout": data["expertise"]}
        if data["working_languages"]:
            document["knowsLanguage"] = data["working_languages"]
        if data["organization"]:
            affiliation = {"@type": "Organization", "name": data["organization"]}
            if obj.organization_id and obj.organization.live:
                affiliation["url"] = page_url(obj.organization, request)
            document["affiliation"] = affiliation
        if data["orcid"]:
            document["sameAs"] = [obj.orcid_url]
        # Never the email address: contact goes through the site's form.
        return document
