from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.models import WorkflowState

from community.members.dashboard import DashboardCard

from .models import EventPage


class EventsInReviewSummaryItem(SummaryItem):
    """On the admin dashboard: how many member-submitted events wait for review."""

    order = 250

    def get_context_data(self, parent_context):
        from django.contrib.contenttypes.models import ContentType

        count = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            content_type=ContentType.objects.get_for_model(EventPage),
        ).count()
        return {"count": count}

    def render_html(self, parent_context=None):
        from django.urls import reverse
        from django.utils.html import format_html
        from django.utils.translation import ngettext

        count = self.get_context_data(parent_context)["count"]
        label = ngettext(
            "%(count)s event awaiting review", "%(count)s events awaiting review", count
        ) % {"count": count}
        return format_html(
            '<li><svg class="icon icon-date icon" aria-hidden="true"><use href="#icon-date"></use>'
            '</svg><a href="{}">{}</a></li>',
            reverse("wagtailadmin_reports:workflow"),
            label,
        )

    def is_shown(self):
        return self.request.user.has_perm("wagtailcore.publish_page") or (
            self.request.user.is_superuser
        )


@hooks.register("construct_homepage_summary_items")
def add_events_in_review(request, items):
    items.append(EventsInReviewSummaryItem(request))


@hooks.register("register_member_dashboard_card")
def events_dashboard_card(request):
    """On the member dashboard: submitting events and following the member's submissions."""
    return DashboardCard("events/includes/dashboard_card.html", order=400)


@hooks.register("register_member_data_export")
def export_event_data(user):
    """The events the member submitted, with where each stands in review (data export)."""
    from chm.submissions import submission_status
    from community.members.export import absolute_url

    events = []
    for event in EventPage.objects.filter(submitted_by=user).order_by("start"):
        status = submission_status(event)
        events.append(
            {
                "uuid": event.uuid,
                "title": event.title,
                "url": absolute_url(event.url) if event.live and event.url else None,
                "review_status": status.code,
                "review_status_label": str(status.label),
                "editor_comment": status.comment,
                "summary": event.summary,
                "description": event.description,
                "start": event.start,
                "end": event.end,
                "time_zone": event.time_zone,
                "all_day": event.all_day,
                "event_format": event.event_format,
                "venue": event.venue,
                "address": event.address,
                "online_url": event.online_url,
                "organizer_name": event.organizer_name,
                "organizer_partner": event.organizer_partner.title
                if event.organizer_partner_id
                else None,
                "registration_url": event.registration_url,
            }
        )
    return {"submitted_events": events}
