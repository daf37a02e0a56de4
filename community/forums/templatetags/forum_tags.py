from django import template

from community.forums import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_unread_notifications(context):
    """Unread forum notifications the signed-in member may still see (0 for visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return user.forum_notifications.filter(
        read_at__isnull=True, post__in=permissions.visible_posts(user)
    ).count()


@register.simple_tag(takes_context=True)
def post_html(context, post):
    """A post (or an earlier revision of one) as the viewer reads it: sanitized Markdown with
    each mention shown as the viewer may see the member (``Post.html_for``)."""
    from django.utils.safestring import mark_safe

    from community.forums.models import render_post

    prepared = getattr(post, "prepared_html", None)  # a page's posts (``prepare_post_html``)
    if prepared is not None:
        return mark_safe(prepared)  # noqa: S308 (nh3)
    request = context.get("request")
    return mark_safe(render_post(post.body, getattr(request, "user", None)))  # noqa: S308 (nh3)
