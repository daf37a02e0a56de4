"""The site shell (home, standard pages, site settings), news and the resource library."""

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from taxonomy.models import CLASSIFICATION_SEARCH_FIELDS, ClassifiedPage, classification_panel

from .blocks import BaseStreamBlock
from .branding import validate_accent_colour
from .cbd_pages import CBDRecordFields
from .feeds import NewsFeed, ResourceFeed
from .i18n import FallbackRoutingMixin, ReaderLanguageUrlMixin, default_locale, locale_for
from .listings import ListingFeedsMixin, ListingMixin
from .local_contexts import LocalContextsPage, LocalContextsPageForm, local_contexts_panel


class HomePage(FallbackRoutingMixin, ReaderLanguageUrlMixin, Page):
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
    subpage_types = [
        "chm.StandardPage",
        "chm.NewsIndexPage",
        "chm.ResourceIndexPage",
        "events.EventIndexPage",
        "partners.PartnerIndexPage",
        "framework.FrameworkPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().in_menu().specific()
        # What is new, from this site's own tree only. Upcoming events come from the events
        # app's ``{% upcoming_events %}`` tag, so the site shell imports no domain app.
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        return context


class NationalHomePage(FallbackRoutingMixin, ReaderLanguageUrlMixin, Page):
    """The root of a national clearing-house site: one country's home on the shared platform.

    A national site is a Wagtail ``Site`` (its own host name) whose root is one of these. The
    page says which country the site is for; its template shows that country's published
    records from the shared database (NBSAP, national targets, latest report, and its news,
    events, partners, experts, requests and offers through the record registry) beside the
    site's own news. Its own type, rather than the central ``HomePage`` with a country, so that
    a national site can never lack its country, the central home page stays the one
    ``HomePage``, and each keeps its own template. ``manage.py create_national_site`` makes one
    with its site, settings and editors group (``chm.national_sites``).
    """

    country = models.ForeignKey(
        "taxonomy.Country",
        on_delete=models.PROTECT,
        related_name="national_home_pages",
        verbose_name=_("country"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("country", permission="superuser"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["chm.StandardPage", "chm.NewsIndexPage", "chm.ResourceIndexPage"]

    class Meta:
        verbose_name = _("national home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().in_menu().specific()
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        return context


class StandardPage(ReaderLanguageUrlMixin, ClassifiedPage, Page):
    """An editorial page (about, how to take part, guidance) with a free-form body."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        classification_panel(),
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
            index.SearchField("body"),
        ]
        + CLASSIFICATION_SEARCH_FIELDS
    )

    parent_page_types = ["chm.HomePage", "chm.NationalHomePage", "chm.StandardPage"]
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
    # A national site's colour (chm.branding): blank keeps the portal's green.
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_(
            "The colour of the header and buttons, as # and six hexadecimal digits (e.g. "
            "#0b6e4f). White text goes on it, so it must be dark enough: a contrast of at least "
            "4.5:1 with white."
        ),
    )
    # The site's policies are ordinary pages editors write and revise; these say which is
    # which, for the footer and the sign-up form (where members accept the terms and the code).
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy notice"),
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("terms of use"),
    )
    conduct_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("code of conduct"),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("accent_colour"),
        MultiFieldPanel(
            [
                PageChooserPanel("privacy_page"),
                PageChooserPanel("terms_page"),
                PageChooserPanel("conduct_page"),
            ],
            heading=_("Policies"),
            help_text=_(
                "Linked from every page's footer; members accept the terms of use and the code "
                "of conduct when they sign up."
            ),
        ),
        InlinePanel("social_links", label=_("Social links")),
    ]

    class Meta:
        verbose_name = _("site settings")


class Acceptance(models.Model):
    """A member's acceptance of one of the site's policies, with when and which text.

    Recorded at sign-up (chm.signup). It lives here, beside the settings that name the policy
    pages, rather than on the member's profile: it is the site's record of consent, kept per
    policy and per revision, so a later version of the terms can be accepted again without
    losing the first. It goes with the account when the account is deleted.
    """

    class Policy(models.TextChoices):
        TERMS = "terms", _("terms of use")
        CONDUCT = "conduct", _("code of conduct")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="policy_acceptances",
        verbose_name=_("member"),
    )
    policy = models.CharField(_("policy"), max_length=20, choices=Policy.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("version accepted"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        ordering = ["-accepted_at"]

    def __str__(self):
        return f"{self.user} · {self.get_policy_display()} · {self.accepted_at:%Y-%m-%d %H:%M}"


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


# --- News ------------------------------------------------------------------------------------


class NewsIndexPage(
    ReaderLanguageUrlMixin, ListingFeedsMixin, ListingMixin, RoutablePageMixin, Page
):
    """News from the CBD Secretariat and partners, filterable and syndicated (RSS, Atom)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["chm.HomePage", "chm.NationalHomePage"]
    subpage_types = ["chm.NewsPage"]
    max_count_per_parent = 1
    listed_record_type = "news"
    per_page = 12
    feed_class = NewsFeed

    class Meta:
        verbose_name = _("news index page")

    @property
    def filter_form_class(self):
        from .forms import NewsFilterForm

        return NewsFilterForm

    def base_queryset(self):
        return (
            self.records_below(NewsPage)
            .live()
            .public()
            .select_related("lead_image")
            .order_by("-date", "-pk")
        )


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "chm.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(ReaderLanguageUrlMixin, ClassifiedPage, LocalContextsPage, Page):
    """A news article: dated, with an author, a lead image, tags and the shared taxonomy."""

    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown in listings.")
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead image"),
    )
    lead_image_alt = models.CharField(
        _("lead image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")],
            heading=_("About this article"),
        ),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")
        ),
        FieldPanel("body"),
        classification_panel(),
        local_contexts_panel(),
    ]
    base_form_class = LocalContextsPageForm
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("introduction"),
            index.SearchField("body"),
            index.SearchField("author"),
            index.FilterField("date"),
            index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        ]
        + CLASSIFICATION_SEARCH_FIELDS
    )

    parent_page_types = ["chm.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    @property
    def summary(self):
        return self.search_description or self.introduction


# --- Resource library ------------------------------------------------------------------------


class ResourceIndexPage(
    ReaderLanguageUrlMixin, ListingFeedsMixin, ListingMixin, RoutablePageMixin, Page
):
    """The resource library: guidance, tools, case studies and training, filterable and
    syndicated (RSS, Atom) with the listing's filters."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["chm.HomePage", "chm.NationalHomePage"]
    subpage_types = ["chm.ResourcePage"]
    max_count_per_parent = 1
    listed_record_type = "resource"
    feed_class = ResourceFeed

    class Meta:
        verbose_name = _("resource index page")

    @property
    def filter_form_class(self):
        from .forms import ResourceFilterForm

        return ResourceFilterForm

    def base_queryset(self):
        return (
            self.records_below(ResourcePage)
            .live()
            .public()
            .select_related("document", "resource_language")
            .order_by("-year", "title")
        )


class ResourcePage(
    ReaderLanguageUrlMixin, ClassifiedPage, CBDRecordFields, LocalContextsPage, Page
):
    """One resource: a document (Wagtail documents) or an external link, described."""

    class ResourceType(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance document")
        TOOL = "tool", _("Tool")
        CASE_STUDY = "case-study", _("Case study")
        TRAINING = "training", _("Training material")

    resource_type = models.CharField(
        _("type"), max_length=20, choices=ResourceType.choices, default=ResourceType.GUIDANCE
    )
    summary = models.TextField(_("summary"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year of publication"),
        null=True,
        blank=True,
        # The listing's year choices walk this index (chm.listings.distinct_values).
        db_index=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    resource_language = models.ForeignKey(
        "taxonomy.Language",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("language of the resource"),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("file"),
    )
    link = models.URLField(_("or link"), blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("more about it"))

    content_panels = Page.content_panels + [
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("year"), FieldPanel("resource_language")],
            heading=_("Publication"),
        ),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("link")], heading=_("Access")),
        FieldPanel("body"),
        classification_panel(),
        local_contexts_panel(),
    ]
    base_form_class = LocalContextsPageForm
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("publisher"),
            index.SearchField("body"),
            index.FilterField("resource_type"),
            index.FilterField("year"),
        ]
        + CLASSIFICATION_SEARCH_FIELDS
    )

    parent_page_types = ["chm.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource page")

    def clean(self):
        super().clean()
        if not self.document_id and not self.link:
            raise ValidationError({"link": _("Add a file or a link to the resource.")})

    @property
    def access_url(self):
        return self.document.url if self.document_id else self.link


class Announcement(TranslatableMixin, RevisionMixin, models.Model):
    """A short notice shown at the top of every page (a call for submissions, maintenance).

    A translatable snippet: editors write it in English and translate it with wagtail-localize
    like a page; visitors see it in their language where it is translated and in English
    otherwise. It keeps revisions so the out-of-date report can tell when the English text
    changed after a translation was made (chm/translation_report.py).
    """

    text = RichTextField(_("text"), features=["bold", "italic", "link"])
    show = models.BooleanField(
        _("show on the site"),
        default=True,
        help_text=_("Announcements are shown at the top of every page, newest first."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revisions = GenericRelation("wagtailcore.Revision", related_query_name="announcement")

    panels = [FieldPanel("text"), FieldPanel("show")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        return Truncator(strip_tags(self.text)).chars(80)

    @classmethod
    def current(cls, limit=2):
        """The announcements to show, each in the active language where translated (one
        query)."""
        active = locale_for()
        default = default_locale()
        chosen = {}
        for item in (
            cls.objects.filter(show=True, locale_id__in={active.pk, default.pk})
            .select_related("locale")
            .order_by("-created_at", "-pk")
        ):
            if item.locale_id == active.pk or item.translation_key not in chosen:
                chosen[item.translation_key] = item
        return list(chosen.values())[:limit]
