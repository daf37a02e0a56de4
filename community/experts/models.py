"""The roster of experts: members who opt in to share what they know.

An ``ExpertProfile`` extends a member's ``Profile``; it carries the shared classification
(KMGBF targets, countries of experience, thematic areas) plus expertise tags, languages, an
ORCID iD and publications. The expert decides who sees the profile (everyone, members, or
nobody, i.e. off the roster) and which optional fields are shown; the email address is never
shown, contact goes through a form (see ``views.contact``).
"""

from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from chm import visibility as shared
from chm.markdown import markdown_to_text, render_markdown
from community.members.models import Profile
from taxonomy.models import ClassifiedModel, Language

from . import matching
from .validators import validate_orcid


class ExpertiseTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "experts.ExpertProfile", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")


class ExpertProfile(index.Indexed, ClassifiedModel):
    class Visibility(models.TextChoices):
        # The shared vocabulary (chm.visibility), with labels that speak of the roster.
        PUBLIC = (
            shared.Visibility.PUBLIC.value,
            _("Public: anyone can find me in the roster of experts"),
        )
        MEMBERS = (
            shared.Visibility.MEMBERS.value,
            _("Members only: signed-in members can find me"),
        )
        PRIVATE = (
            shared.Visibility.PRIVATE.value,
            _("Not listed: nobody else sees my expert profile"),
        )

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available for cooperation")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Not available at the moment")

    profile = models.OneToOneField(
        Profile, on_delete=models.CASCADE, related_name="expert", verbose_name=_("member")
    )
    visibility = models.CharField(
        _("who can see my expert profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    headline = models.CharField(
        _("headline"),
        max_length=160,
        help_text=_("One line, e.g. “Marine ecologist, coral reef restoration”."),
    )
    expertise = TaggableManager(
        through=ExpertiseTag,
        verbose_name=_("areas of expertise"),
        help_text=_("Comma-separated, e.g. pollinators, invasive species, GIS."),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="experts", verbose_name=_("working languages")
    )
    organization = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
        verbose_name=_("organization"),
    )
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[validate_orcid])
    publications = models.TextField(
        _("publications and links"),
        blank=True,
        help_text=_("Markdown list, e.g. - [Title](https://doi.org/…), 2024"),
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    availability_note = models.CharField(_("availability note"), max_length=200, blank=True)
    accepts_contact = models.BooleanField(
        _("members may contact me through the site"),
        default=True,
        help_text=_("Your email address is never shown; messages are forwarded to you."),
    )
    show_organization = models.BooleanField(_("show my organization"), default=True)
    show_orcid = models.BooleanField(_("show my ORCID iD"), default=True)
    show_publications = models.BooleanField(_("show my publications and links"), default=True)
    show_languages = models.BooleanField(_("show my working languages"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the directory's word search reads (community.experts.matching), kept by
    # ``refresh_search_text`` on every save and change of the areas of expertise.
    search_text = models.TextField(blank=True, editable=False)
    search_stems = models.TextField(blank=True, editable=False)

    search_fields = [
        index.SearchField("headline", boost=2),
        index.AutocompleteField("headline"),
        index.RelatedFields("profile", [index.SearchField("display_name")]),
        index.RelatedFields("expertise", [index.SearchField("name")]),
        index.FilterField("visibility"),
    ]

    class Meta:
        ordering = ["profile__display_name"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self):
        return self.profile.display_name

    @property
    def title(self):
        return self.profile.display_name

    @property
    def summary(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("experts:detail", kwargs={"uuid": self.uuid})

    def save(self, *args, **kwargs):
        self.search_text, self.search_stems = self.matching_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "search_stems"}
        super().save(*args, **kwargs)

    def matching_text(self, tags=None):
        """``(search_text, search_stems)`` from what a visitor may read on the profile: the
        headline, the areas of expertise and the publications if shown (never hidden
        fields, so a word search cannot reveal them)."""
        if tags is None:
            tags = [tag.name for tag in self.expertise.all()] if self.pk else []
        publications = markdown_to_text(self.publications) if self.show_publications else ""
        text = " ".join(part for part in [self.headline, *tags, publications] if part)
        return matching.plain_text(text), matching.stem_tokens(text, tags)

    def refresh_search_text(self):
        """Recompute the matching columns without saving the rest (after tag changes)."""
        self.search_text, self.search_stems = self.matching_text()
        type(self).objects.filter(pk=self.pk).update(
            search_text=self.search_text, search_stems=self.search_stems
        )

    @property
    def publications_html(self):
        return render_markdown(self.publications)

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    @property
    def organization_name(self):
        if self.organization_id and self.organization.live:
            return self.organization.title
        return self.profile.organization
