"""Public profiles of member groups, and members' requests to join them.

A Django auth ``Group`` decides what its members may see (a forum category restricted to the
IPLC caucus, for instance) but says nothing about itself. A ``GroupProfile`` gives it a public
face: its name and purpose in each language, who may join, whether it is listed and who
manages it. Members ask to join with a ``JoinRequest``; a manager approves (the member is added
to the Django group) or declines it with a reason. Who may do what is decided in
``permissions.py``; each action is one transaction in ``services.py``.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from chm.markdown import render_markdown
from taxonomy.models import Constituency


class JoinPolicy(models.TextChoices):
    ON_REQUEST = "request", _("Open: members may ask to join; a manager approves")
    CONSTITUENCY = (
        "constituency",
        _("Constituency: members of the group's constituency may ask to join"),
    )
    INVITATION = "invitation", _("By invitation only")


class GroupProfile(models.Model):
    """The public face of a Django group: what it is for and how to join it."""

    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="public_profile",
        verbose_name=_("group"),
        help_text=_(
            "The group whose members see what is restricted to it (e.g. a forum category). "
            "Groups that grant permissions (editors, moderators) cannot be given a profile."
        ),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    purpose = models.TextField(
        _("purpose"),
        max_length=4000,
        help_text=_("What the group is for and who it is for. Markdown is allowed."),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            'Name and purpose per language code, e.g. {"fr": {"name": "...", "purpose": "..."}}.'
        ),
    )
    join_policy = models.CharField(
        _("who may join"),
        max_length=12,
        choices=JoinPolicy.choices,
        default=JoinPolicy.ON_REQUEST,
    )
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_profiles",
        verbose_name=_("constituency"),
        help_text=_(
            "For constituency-based groups: members whose profile names this constituency may "
            "ask to join (a manager still approves)."
        ),
    )
    is_listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_(
            "Listed groups appear on the groups page and in the forums; unlisted ones are seen "
            "only by their members and managers."
        ),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_groups",
        verbose_name=_("managers"),
        help_text=_("Members who approve and decline requests to join, on the site."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("group"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("purpose"),
        FieldPanel("translations"),
        FieldPanel("join_policy"),
        FieldPanel("constituency"),
        FieldPanel("is_listed"),
        FieldPanel("managers"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("group profile")
        verbose_name_plural = _("group profiles")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.group_id and self.group.permissions.exists():
            raise ValidationError(
                {
                    "group": _(
                        "This group grants permissions; members cannot be let into it by "
                        "request. Choose or create a group without permissions."
                    )
                }
            )
        if self.join_policy == JoinPolicy.CONSTITUENCY and self.constituency_id is None:
            raise ValidationError(
                {"constituency": _("A constituency-based group needs its constituency.")}
            )

    def _translated(self, field):
        language = (translation.get_language() or "en").split("-")[0]
        if language != "en":
            value = (self.translations or {}).get(language)
            if isinstance(value, dict) and isinstance(value.get(field), str) and value[field]:
                return value[field]
        return getattr(self, field)

    @property
    def label(self):
        """The name in the active language, falling back to the default one."""
        return self._translated("name")

    @property
    def purpose_text(self):
        return self._translated("purpose")

    @property
    def purpose_html(self):
        return render_markdown(self.purpose_text)


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A member asks to join a group; a manager decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a manager")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    group_profile = models.ForeignKey(
        GroupProfile,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("group"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_join_requests",
        verbose_name=_("member"),
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The site language the member asked in; the answer is written in it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request to join a group")
        verbose_name_plural = _("requests to join a group")
        constraints = [
            models.UniqueConstraint(
                fields=["group_profile", "user"],
                condition=Q(status="pending"),
                name="groups_one_pending_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.group_profile}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
