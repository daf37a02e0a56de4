"""The member dashboard's cards, collected from the apps that offer them.

The dashboard names no other app: an app adds its card from its ``wagtail_hooks.py``
(a Wagtail hook is a registry every app's hooks module is loaded into at start-up)::

    from wagtail import hooks
    from community.members.dashboard import DashboardCard

    @hooks.register("register_member_dashboard_card")
    def my_card(request):
        return DashboardCard("myapp/dashboard_card.html", order=500)

The hook receives the request and returns a ``DashboardCard``, or ``None`` to show nothing to
this member. The card's template is included in the dashboard with the dashboard's context
(``request``, ``user``, ``profile``) plus ``card`` (the ``DashboardCard``, with its ``context``).
https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK_NAME = "register_member_dashboard_card"


@dataclass(frozen=True)
class DashboardCard:
    """One card: a template that renders one ``<li class="card">``, its place (lower ``order``
    first) and any data the template needs beyond the dashboard's context."""

    template_name: str
    order: int = 1000
    context: dict = field(default_factory=dict)


def dashboard_cards(request):
    """The cards registered for this member's dashboard, by ``order``. Cards of equal order
    keep the order their hooks were registered in (``INSTALLED_APPS`` order), so the page
    never reshuffles between requests."""
    cards = [hook(request) for hook in hooks.get_hooks(HOOK_NAME)]
    return sorted((card for card in cards if card is not None), key=lambda card: card.order)
