"""The framework page: the Kunming-Montreal Global Biodiversity Framework's four goals and 23
targets, each with a page of its own and the records classified with it.

``FrameworkPage`` is a Wagtail page with sub-URLs (``RoutablePageMixin``: one page in the tree
answers ``goals/a/`` and ``targets/7/`` through its ``@path`` routes,
https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html), so the goals and
targets stay taxonomy terms (one source for every record's classification) while editors write
and translate the page's introduction like any other page.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from chm.i18n import ReaderLanguageUrlMixin
from taxonomy.models import Goal, HeadlineIndicator, Target

from . import records
from .feeds import TermFeed

MAX_TARGET_NUMBER = 99  # any number in the URL beyond this is not a target (and not a query)


class FrameworkPage(ReaderLanguageUrlMixin, RoutablePageMixin, Page):
    """The framework's goals and targets, with the number of records on each."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["chm.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("framework page")

    # --- the terms a URL names ------------------------------------------------------------------

    def get_goal(self, letter):
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha():
            raise Http404(_("There is no such goal."))
        goal = Goal.objects.filter(letter=letter.upper()).first()
        if goal is None:
            raise Http404(_("There is no such goal."))
        return goal

    def get_target(self, number):
        if not 1 <= number <= MAX_TARGET_NUMBER:
            raise Http404(_("There is no such target."))
        target = Target.objects.filter(number=number).first()
        if target is None:
            raise Http404(_("There is no such target."))
        return target

    def goal_targets(self, goal):
        """The targets the goal's headline indicators also measure (decision 15/5)."""
        return Target.objects.filter(headline_indicators__goal=goal).distinct().order_by("number")

    def term_context(self, request, term, feed_route, feed_kwargs, **extra):
        feeds = {
            f"{kind}_url": self.subpage_url(feed_route, request, **feed_kwargs, kind=kind)
            for kind in TermFeed.feed_types
        }
        return {
            **feeds,
            "term": term,
            # The text in the reader's language or, failing that, English, and the language it
            # is really in (taxonomy.models.Term).
            "text": term.localized_text,
            "text_language": term.text_language,
            "text_is_draft": term.text_is_draft,
            **extra,
        }

    # --- routes ---------------------------------------------------------------------------------

    @path("")
    def index(self, request):
        counts = records.counts_by_target(request.user)
        targets = list(Target.objects.all())
        goals = list(Goal.objects.all())
        self._link(request, *goals, *targets)
        for target in targets:
            target.record_count = counts.get(target.pk, 0)
        sections = [
            (label, [t for t in targets if t.section == value])
            for value, label in Target.Section.choices
        ]
        return self.render(
            request,
            context_overrides={
                "goals": goals,
                "sections": [(label, items) for label, items in sections if items],
                "targets": targets,
            },
        )

    @path("goals/<str:letter>/", name="goal")
    def goal(self, request, letter):
        goal = self.get_goal(letter)
        if letter != goal.letter.lower():  # one address per goal: /goals/a/
            return redirect(self.goal_url(goal, request), permanent=True)
        return self.render(
            request,
            template="framework/goal_page.html",
            context_overrides=self.term_context(
                request,
                goal,
                "goal_feed",
                {"letter": goal.letter.lower()},
                goal=goal,
                targets=self._link(request, *self.goal_targets(goal)),
                indicators=goal.headline_indicators.all(),
            ),
        )

    @path("targets/<int:number>/", name="target")
    def target(self, request, number):
        target = self.get_target(number)
        neighbours = Target.objects.filter(number__in=[number - 1, number + 1])
        by_number = {t.number: t for t in self._link(request, *neighbours)}
        return self.render(
            request,
            template="framework/target_page.html",
            context_overrides=self.term_context(
                request,
                target,
                "target_feed",
                {"number": target.number},
                target=target,
                indicators=HeadlineIndicator.objects.filter(targets=target),
                groups=records.record_groups(target, request.user, request),
                previous_target=by_number.get(number - 1),
                next_target=by_number.get(number + 1),
            ),
        )

    @path("goals/<str:letter>/<str:kind>/", name="goal_feed")
    def goal_feed(self, request, letter, kind):
        goal = self.get_goal(letter)
        if kind not in TermFeed.feed_types:
            raise Http404
        targets = list(self.goal_targets(goal))
        return TermFeed(self, goal, targets, kind)(request)

    @path("targets/<int:number>/<str:kind>/", name="target_feed")
    def target_feed(self, request, number, kind):
        target = self.get_target(number)
        if kind not in TermFeed.feed_types:
            raise Http404
        return TermFeed(self, target, [target], kind)(request)

    # --- links ----------------------------------------------------------------------------------

    def _link(self, request, *terms):
        """Give each goal or target its address under this page (``term.page_url``), so the
        page links its own terms even in a preview, before it is live."""
        for term in terms:
            if isinstance(term, Target):
                term.page_url = self.target_url(term, request)
            else:
                term.page_url = self.goal_url(term, request)
        return list(terms)

    def subpage_url(self, name, request=None, **kwargs):
        """A route's address (relative to nothing when the page has no URL yet, as in the
        admin's preview of a new page)."""
        return (self.get_url(request) or "") + self.reverse_subpage(name, kwargs=kwargs)

    def goal_url(self, goal, request=None):
        return self.subpage_url("goal", request, letter=goal.letter.lower())

    def target_url(self, target, request=None):
        return self.subpage_url("target", request, number=target.number)
