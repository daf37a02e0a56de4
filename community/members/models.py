"""Member profiles over django-allauth accounts."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from chm import visibility as shared
from chm.markdown import render_markdown
from taxonomy.models import Constituency, Country, Language

AVATAR_MAX_BYTES = 2 * 1024 * 1024


def avatar_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"avatars/{instance.uuid}.{extension}"


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles this user may see (the one place that rule lives: permissions.py)."""
        from .permissions import visible_profiles

        return visible_profiles(user, self)


class Profile(index.Indexed, models.Model):
    class Visibility(models.TextChoices):
        # The shared vocabulary (chm.visibility), with labels that speak of the profile.
        PUBLIC = shared.Visibility.PUBLIC.value, _("Public: anyone can see my profile")
        MEMBERS = (
            shared.Visibility.MEMBERS.value,
            _("Members only: signed-in members can see my profile"),
        )
        PRIVATE = shared.Visibility.PRIVATE.value, _("Private: only I can see my profile")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80)
    public_name = models.CharField(
        _("name shown where my profile is hidden"),
        max_length=80,
        blank=True,
        help_text=_(
            "Where someone may not see your profile (for example a visitor who is not signed "
            "in, when your profile is for members only or private), your posts and mentions "
            "show this name, without a link. Leave empty to be shown as “a member”."
        ),
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("country"),
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    constituencies = models.ManyToManyField(
        Constituency, blank=True, related_name="members", verbose_name=_("constituencies")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="members", verbose_name=_("languages")
    )
    bio = models.TextField(
        _("short bio"),
        max_length=2000,
        blank=True,
        help_text=_("Markdown is allowed: *emphasis*, **bold**, [links](https://example.org)."),
    )
    avatar = models.ImageField(
        _("avatar"),
        upload_to=avatar_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    visibility = models.CharField(
        _("who can see my profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name"),
        index.AutocompleteField("display_name"),
        index.SearchField("organization"),
        index.SearchField("bio"),
        index.FilterField("visibility"),
    ]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("members:profile", kwargs={"uuid": self.uuid})

    @property
    def bio_html(self):
        return render_markdown(self.bio)

    @property
    def initials(self):
        parts = [p for p in self.display_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class FocalPointQuerySet(models.QuerySet):
    def active(self):
        """Assignments that have not been revoked."""
        return self.filter(ended_at__isnull=True)


class FocalPoint(models.Model):
    """A member's appointment as national focal point for a country.

    Editors assign and revoke appointments in the Wagtail admin (``wagtail_hooks.py``); a
    revoked one is kept with who ended it and when, so the table is the audit of who held the
    role. Who may act for which country is decided in ``roles.py``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("member"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("country")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    ended_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "country"],
                condition=models.Q(ended_at__isnull=True),
                name="unique_active_focal_point",
            )
        ]
        ordering = ["country__name", "-assigned_at"]
        permissions = [
            ("manage_focal_points", _("Can assign and revoke national focal points")),
            ("act_for_all_countries", _("Can act for every country")),
        ]
        verbose_name = _("national focal point")
        verbose_name_plural = _("national focal points")

    def __str__(self):
        return _("%(member)s, national focal point for %(country)s") % {
            "member": self.member_name,
            "country": self.country.label,
        }

    @property
    def member_name(self):
        return _user_name(self.user)

    @property
    def assigned_by_name(self):
        return _user_name(self.assigned_by)

    @property
    def ended_by_name(self):
        return _user_name(self.ended_by)

    @property
    def is_active(self):
        return self.ended_at is None

    def revoke(self, user):
        self.ended_by = user
        self.ended_at = timezone.now()
        self.save(update_fields=["ended_by", "ended_at"])


def _user_name(user):
    if user is None:
        return ""
    try:
        return user.profile.display_name
    except Profile.DoesNotExist:
        return user.get_username()
