"""Consent travels with knowledge: Local Contexts labels and a community's access rule.

A resource, a news post or a forum thread contributed by or about an indigenous people or
local community may carry Local Contexts TK/BC labels (``taxonomy.LocalContextsLabel``), name
the contributing community (free text, plus the Django group whose members speak for it) and
carry an access rule that community sets:

- ``public``: anyone;
- ``members``: signed-in members;
- ``community``: the members of the community's group only (and superusers).

The fields live in the abstract models below, the rule in the functions of this module, and
each record type enforces it through the mechanism its consumers already honour: pages through
Wagtail's own ``PageViewRestriction`` (so page serving, ``RecordSerializer.queryset`` and
``audiences``, the search index, feeds, the sitemap and every ``.public()`` listing follow it),
plain models (forum threads) through ``visible_q`` and ``audiences`` in their permission
module. ``value`` is the shape the record serializers publish and ``apply`` the one function
importers call to bring an incoming value onto a local record.
"""

from modelcluster.fields import ParentalManyToManyField

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from exchange.serializers import MEMBERS, PUBLIC, group_audience
from taxonomy.models import LocalContextsLabel


class Access(models.TextChoices):
    PUBLIC = "public", _("Public: anyone")
    MEMBERS = "members", _("Members: signed-in members only")
    COMMUNITY = "community", _("Community only: members of the contributing community")


# What an incoming record without a rule gets when it does carry labels or a community: the
# strictest value that still lets someone here see it without knowing the community's group.
DEFAULT_INCOMING_ACCESS = Access.MEMBERS


def _m2m_name():
    return "%(app_label)s_%(class)s_records"


class CommunityConsentFields(models.Model):
    """The community and its access rule, shared by pages and plain models."""

    community_name = models.CharField(
        _("contributing community"),
        max_length=200,
        blank=True,
        help_text=_("The indigenous people or local community this was contributed by or about."),
    )
    community_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("community group"),
        help_text=_("The members who speak for the community and may see community-only records."),
    )
    community_access = models.CharField(
        _("access rule set by the community"),
        max_length=10,
        choices=Access.choices,
        default=Access.PUBLIC,
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.community_access == Access.COMMUNITY and not self.community_group_id:
            raise ValidationError(
                {"community_group": _("A community-only record needs the community's group.")}
            )

    @property
    def local_contexts(self):
        return value(self)

    @property
    def has_local_contexts(self):
        return bool(
            self.community_name
            or self.community_access != Access.PUBLIC
            or self.local_contexts_labels.exists()
        )


class LocalContextsPage(CommunityConsentFields):
    """For Wagtail pages: labels kept by revisions (``ParentalManyToManyField``) and the access
    rule turned into the page's own view restriction whenever the page is saved whole (created
    or published; a draft revision changes nothing visitors see)."""

    local_contexts_labels = ParentalManyToManyField(
        LocalContextsLabel,
        blank=True,
        related_name=_m2m_name(),
        verbose_name=_("Local Contexts labels"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if update_fields is None or "community_access" in update_fields:
                sync_view_restriction(self)


class LocalContextsModel(CommunityConsentFields):
    local_contexts_labels = models.ManyToManyField(
        LocalContextsLabel,
        blank=True,
        related_name=_m2m_name(),
        verbose_name=_("Local Contexts labels"),
    )

    class Meta:
        abstract = True


def local_contexts_panel():
    """The editor's panel: the community, its rule and the labels."""
    return MultiFieldPanel(
        [
            FieldPanel("community_name"),
            FieldPanel("community_group"),
            FieldPanel("community_access"),
            FieldPanel("local_contexts_labels", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Community consent (Local Contexts)"),
    )


RULE_FIELDS = ("community_name", "community_group", "community_access")


class LocalContextsPageForm(WagtailAdminPageForm):
    """Refuses a change of the community or its rule by anyone but an editor who may publish
    the page, a superuser, or a member of the community's group (the old and the new one)."""

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in RULE_FIELDS if name in self.changed_data]
        if changed and not self._may_set_access(cleaned):
            for name in changed:
                self.add_error(
                    name,
                    _("Only editors and members of the community may change the community rule."),
                )
        return cleaned

    def _may_set_access(self, cleaned):
        user = self.for_user
        if user is None:
            return False
        if self.instance.pk:
            is_editor = self.instance.permissions_for_user(user).can_publish()
        else:
            is_editor = self.parent_page.permissions_for_user(user).can_publish_subpage()
        if can_set_access(user, self.instance, is_editor=is_editor):
            return True
        group = cleaned.get("community_group")
        return (
            group is not None
            and user.groups.filter(pk=group.pk).exists()
            and (self.instance.community_group_id in (None, group.pk))
        )


# --- the rule -------------------------------------------------------------------------------


def _signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def in_community(user, record):
    return (
        _signed_in(user)
        and record.community_group_id is not None
        and user.groups.filter(pk=record.community_group_id).exists()
    )


def can_see(user, record):
    """Whether ``user`` (None: a visitor) passes the record's community rule."""
    if record.community_access == Access.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    if record.community_access == Access.MEMBERS or user.is_superuser:
        return True
    return in_community(user, record)


def visible_q(user, prefix=""):
    """``can_see`` as a filter over a model with these fields (``prefix``: a relation path)."""
    field = f"{prefix}community_access"
    allowed = Q(**{field: Access.PUBLIC})
    if _signed_in(user):
        if user.is_superuser:
            return Q()
        allowed |= Q(**{field: Access.MEMBERS})
        allowed |= Q(**{field: Access.COMMUNITY, f"{prefix}community_group__in": user.groups.all()})
    return allowed


def audiences(record):
    """Audience tokens (``exchange.serializers``) that agree with ``can_see``; a community-only
    record without a group admits nobody but superusers."""
    if record.community_access == Access.PUBLIC:
        return [PUBLIC]
    if record.community_access == Access.MEMBERS:
        return [MEMBERS]
    return [group_audience(record.community_group_id)] if record.community_group_id else []


def can_set_access(user, record, is_editor=False):
    """Who may set or change the community, its group and its rule: editors (``is_editor``:
    whoever publishes the record, decided by the caller's own permissions), superusers, and the
    members of the community's group; nobody else."""
    if not _signed_in(user):
        return False
    return is_editor or user.is_superuser or in_community(user, record)


def sync_view_restriction(page):
    """Make the page's own view restriction say what its community rule says.

    Only restrictions this rule would create (log-in, or the community's group) are replaced;
    a password an editor set through the privacy dialogue stays.
    """
    from wagtail.models import PageViewRestriction

    own = PageViewRestriction.objects.filter(
        page=page,
        restriction_type__in=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS],
    )
    if page.community_access == Access.PUBLIC:
        own.delete()
        return
    if page.community_access == Access.MEMBERS:
        own.exclude(restriction_type=PageViewRestriction.LOGIN).delete()
        if not own.exists():
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        return
    own.delete()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    if page.community_group_id:
        restriction.groups.set([page.community_group_id])


# --- the exchanged value --------------------------------------------------------------------


def value(record):
    """What serializers publish: ``{"labels": [ids], "community": name, "access": rule}``."""
    return {
        "labels": sorted(label.identifier for label in record.local_contexts_labels.all()),
        "community": record.community_name or None,
        "access": record.community_access,
    }


def jsonld(data):
    """schema.org properties for a record's ``local_contexts`` value."""
    local = data.get("local_contexts") or {}
    document = {}
    if local.get("access") and local["access"] != Access.PUBLIC:
        document["conditionsOfAccess"] = str(Access(local["access"]).label)
    if local.get("labels"):
        document["usageInfo"] = [
            label.url or label.identifier
            for label in LocalContextsLabel.objects.by_identifiers(local["labels"])
        ]
    if local.get("community"):
        document["sourceOrganization"] = {"@type": "Organization", "name": local["community"]}
    return document


def apply(record, incoming):
    """Bring an incoming ``local_contexts`` value onto ``record`` and save it.

    Unknown label identifiers are ignored; a missing or unknown rule becomes
    ``DEFAULT_INCOMING_ACCESS`` when the value carries labels or a community (public when it
    carries nothing); a community-only rule keeps the record community-only even when no local
    group has the community's name (nobody but superusers sees it then). Returns the problems
    met, as sentences for the harvest report. ``record`` must be saved already when its labels
    are a plain many-to-many.
    """
    problems = []
    if not isinstance(incoming, dict):
        incoming = {}
    raw_labels = incoming.get("labels") or []
    if not isinstance(raw_labels, list):
        problems.append(_("Local Contexts labels are not a list; ignored."))
        raw_labels = []
    identifiers = {str(item) for item in raw_labels}
    labels = list(LocalContextsLabel.objects.by_identifiers(identifiers))
    unknown = sorted(identifiers - {label.identifier for label in labels})
    if unknown:
        problems.append(
            _("Unknown Local Contexts labels ignored: %(labels)s.") % {"labels": ", ".join(unknown)}
        )
    community = incoming.get("community")
    community = str(community).strip()[:200] if community else ""
    access = incoming.get("access")
    if access not in Access.values:
        if access is not None:
            problems.append(
                _("Unknown access rule %(rule)r; using %(default)s.")
                % {"rule": access, "default": DEFAULT_INCOMING_ACCESS.value}
            )
        access = DEFAULT_INCOMING_ACCESS if (labels or community or access) else Access.PUBLIC
    record.community_name = community
    record.community_access = access
    if community and not record.community_group_id:
        record.community_group = Group.objects.filter(name=community).first()
    if access == Access.COMMUNITY and not record.community_group_id:
        problems.append(
            _("No local group for community %(name)r: only administrators can see the record.")
            % {"name": community}
        )
    with transaction.atomic():
        record.local_contexts_labels.set(labels)
        if isinstance(record, Page):
            # Validation is the editor's; an import keeps a rule its community chose.
            record.save(clean=False)
        else:
            record.save()
    return [str(problem) for problem in problems]
