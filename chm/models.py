"""The site shell: home page, standard pages and site-wide settings."""

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from taxonomy.models import ClassifiedPage, classification_panel

from .blocks import BaseStreamBlock


class HomePage(Page):
    """The portal's front page: a short mission statement and ways in."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().in_menu().specific()
        return context


class StandardPage(ClassifiedPage, Page):
    """An editorial page (about, how to take part, guidance) with a free-form body."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        classification_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.RelatedFields("targets", [index.FilterField("number")]),
        index.RelatedFields("countries", [index.FilterField("code")]),
    ]

    parent_page_types = ["chm.HomePage", "chm.StandardPage"]
    subpage_types = ["chm.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    @property
    def summary(self):
        return self.search_description or self.introduction


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Per-site identity, so national CHM sites can share one deployment."""

    site_name = models.CharField(
        _("site name"), max_length=120, default="Biodiversity Clearing-House"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        InlinePanel("social_links", label=_("Social links")),
    ]

    class Meta:
        verbose_name = _("site settings")


class SocialLink(Orderable):
    class Network(models.TextChoices):
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        X = "x", "X"
        FACEBOOK = "facebook", "Facebook"
        LINKEDIN = "linkedin", "LinkedIn"
        YOUTUBE = "youtube", "YouTube"
        INSTAGRAM = "instagram", "Instagram"
        OTHER = "other", _("Other")

    settings = ParentalKey(SiteSettings, related_name="social_links", on_delete=models.CASCADE)
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    url = models.URLField(_("URL"))

    panels = [FieldPanel("network"), FieldPanel("url")]

    def __str__(self):
        return self.get_network_display()
