"""How templates name a member: always through ``permissions.shown_member``, so a profile the
viewer may not see is never named or linked, whatever the page.

``{% member_link post.author %}`` renders the name linked to the profile (or the neutral name,
unlinked); ``{% member_name post.author %}`` only the name, for text (emails, titles). Both
take the viewer from the request, or ``viewer=`` (an email's recipient; None: a visitor).
"""

from django import template
from django.utils.html import format_html

from community.members.permissions import shown_member

register = template.Library()

_FROM_REQUEST = object()


def _viewer(context, viewer):
    if viewer is not _FROM_REQUEST:
        return viewer
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def member_link(context, member, viewer=_FROM_REQUEST):
    shown = shown_member(_viewer(context, viewer), member)
    if shown.url:
        return format_html('<a href="{}">{}</a>', shown.url, shown.name)
    return format_html('<span class="member-name">{}</span>', shown.name)


@register.simple_tag(takes_context=True)
def member_name(context, member, viewer=_FROM_REQUEST):
    return shown_member(_viewer(context, viewer), member).name
