"""Experts shown on other apps' pages (a partner organization's page lists its experts), so
those apps import nothing from this one (``{% load expert_tags %}`` in their templates)."""

from django import template

from ..permissions import listed_experts

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_experts(context, organization, limit=50):
    """Experts on the roster who name this organization and whom the visitor may see."""
    return (
        listed_experts(context["request"].user)
        .filter(organization=organization, show_organization=True)
        .select_related("profile")[:limit]
    )
