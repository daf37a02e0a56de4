"""Who may see, edit and act for partner organizations: the single place these rules live."""

from community.members.permissions import visible_profiles
from exchange.models import is_harvested

from .models import OrganizationRequest, PartnerMembership, PartnerPage


def is_partner_admin(user, partner):
    return (
        user.is_authenticated
        and PartnerMembership.objects.filter(
            partner_id=partner.pk, user_id=user.pk, role=PartnerMembership.Role.ADMIN
        ).exists()
    )


def visible_members(user, partner):
    """The organization's memberships whose member profiles ``user`` may see."""
    return (
        partner.memberships.filter(user__profile__in=visible_profiles(user))
        .select_related("user__profile")
        .order_by("role", "user__profile__display_name")
    )


def can_edit_partner(user, partner):
    """An organization's admins edit its page from the front end (and only theirs); editors
    use the Wagtail admin, where page permissions apply. An organization harvested from
    another clearing-house is edited at its source only: a new harvest changes it."""
    return partner.live and not is_harvested(partner) and is_partner_admin(user, partner)


def can_manage_members(user, partner):
    return can_edit_partner(user, partner)


def organizations_user_can_publish_for(user):
    """Live partner pages on whose behalf ``user`` may publish (e.g. events): the ones they
    administer. The events submission form limits its "organizer" choices to these."""
    if not user.is_authenticated:
        return PartnerPage.objects.none()
    return (
        PartnerPage.objects.live()
        .filter(memberships__user_id=user.pk, memberships__role=PartnerMembership.Role.ADMIN)
        .distinct()
        .order_by("title")
    )


def can_publish_for(user, partner):
    return organizations_user_can_publish_for(user).filter(pk=partner.pk).exists()


def can_request_organization(user):
    """Signed-in members may ask for a new organization, with at most a few waiting at once
    so the moderation queue cannot be flooded."""
    if not user.is_authenticated:
        return False
    pending = OrganizationRequest.objects.filter(
        requested_by_id=user.pk,
        status=OrganizationRequest.Status.PENDING,
        page__isnull=False,  # a draft an editor deleted no longer waits for anything
    ).count()
    return pending < MAX_PENDING_REQUESTS


MAX_PENDING_REQUESTS = 3
