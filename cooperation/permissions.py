"""Who may see, change and move requests, offers and matches: the one place these rules live.

Every function takes the ``user`` first. The lifecycle's actions (``workflow.py``) name roles;
``roles_of`` says which of them a user holds on a record and ``may_act`` combines the two, so
views, templates, the admin and tasks all ask the same question.
"""

from django.db.models import Q

from community.members.models import FocalPoint
from community.members.roles import is_focal_point_for
from community.partners.permissions import is_partner_admin
from exchange.models import is_harvested
from exchange.serializers import PUBLIC, user_audience

from .models import (
    MATCH_VISIBLE_STATES,
    OFFER_LISTED_STATES,
    OFFER_PUBLIC_STATES,
    REQUEST_LISTED_STATES,
    REQUEST_PUBLIC_STATES,
    Match,
    Offer,
    OfferStatus,
    RequestStatus,
    Side,
    SupportRequest,
)
from .workflow import actions_for

HELPDESK_PERMISSION = "cooperation.act_as_helpdesk"


def is_helpdesk(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(HELPDESK_PERMISSION))
    )


# -- ownership ---------------------------------------------------------------------------------


def owns_request(user, request_record):
    """The member who posted it, or an administrator of its requesting organization."""
    if not (user.is_authenticated and user.is_active):
        return False
    if request_record.owner_id == user.pk:
        return True
    organization = request_record.requesting_organization
    return organization is not None and is_partner_admin(user, organization)


def owns_offer(user, offer):
    """The member who posted it, an administrator of its provider organization, or the expert
    whose offer it is."""
    if not (user.is_authenticated and user.is_active):
        return False
    if offer.owner_id == user.pk:
        return True
    if offer.provider_organization_id and is_partner_admin(user, offer.provider_organization):
        return True
    return bool(offer.provider_expert_id and offer.provider_expert.profile.user_id == user.pk)


def endorses_for(user, request_record):
    """A national focal point of one of the request's countries (editors are not: endorsement
    is a country's act)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return any(is_focal_point_for(user, country) for country in request_record.countries.all())


def has_focal_point(request_record):
    """Whether any of the request's countries has an active focal point to endorse it."""
    return FocalPoint.objects.active().filter(country__in=request_record.countries.all()).exists()


def is_party(user, match):
    """The requester's side or the provider's side of a match."""
    return owns_request(user, match.request) or is_provider(user, match)


def other_side_agreed(user, match):
    """Whether the side(s) of the match opposite ``user``'s have marked it relevant: a party
    accepts a match only once the other side wants it too."""
    wanted = set()
    if owns_request(user, match.request):
        wanted.add(Side.PROVIDER)
    if is_provider(user, match):
        wanted.add(Side.REQUESTER)
    return bool(wanted) and match.feedback.filter(side__in=wanted, relevant=True).exists()


def is_provider(user, match):
    if not (user.is_authenticated and user.is_active):
        return False
    if match.offer_id:
        return owns_offer(user, match.offer)
    if match.expert_id:
        return match.expert.profile.user_id == user.pk
    return is_partner_admin(user, match.organization)


# -- seeing ------------------------------------------------------------------------------------


def can_view_request(user, request_record):
    if request_record.status in REQUEST_PUBLIC_STATES:
        return True
    if is_helpdesk(user) or owns_request(user, request_record):
        return True
    # Focal points see their countries' requests from submission on (to endorse them).
    return request_record.status != RequestStatus.DRAFT and endorses_for(user, request_record)


def can_view_offer(user, offer):
    return offer.status in OFFER_PUBLIC_STATES or is_helpdesk(user) or owns_offer(user, offer)


def can_view_match(user, match):
    if is_helpdesk(user):
        return True
    return match.status in MATCH_VISIBLE_STATES and is_party(user, match)


def listed_requests():
    """What listings, feeds and search show to everyone."""
    return SupportRequest.objects.filter(status__in=REQUEST_LISTED_STATES)


def listed_offers():
    return Offer.objects.filter(status__in=OFFER_LISTED_STATES)


def visible_requests(user):
    """Every request ``user`` may open: public ones, plus their own and their countries'."""
    if is_helpdesk(user):
        return SupportRequest.objects.all()
    q = Q(status__in=REQUEST_PUBLIC_STATES)
    if user.is_authenticated:
        q |= Q(owner_id=user.pk)
        q |= Q(
            requesting_organization__memberships__user_id=user.pk,
            requesting_organization__memberships__role="admin",
        )
        q |= ~Q(status=RequestStatus.DRAFT) & Q(
            countries__focal_points__user_id=user.pk,
            countries__focal_points__ended_at__isnull=True,
        )
    return SupportRequest.objects.filter(q).distinct()


def visible_offers(user):
    if is_helpdesk(user):
        return Offer.objects.all()
    q = Q(status__in=OFFER_PUBLIC_STATES)
    if user.is_authenticated:
        q |= Q(owner_id=user.pk)
        q |= Q(
            provider_organization__memberships__user_id=user.pk,
            provider_organization__memberships__role="admin",
        )
        q |= Q(provider_expert__profile__user_id=user.pk)
    return Offer.objects.filter(q).distinct()


def visible_matches(user):
    if is_helpdesk(user):
        return Match.objects.all()
    if not user.is_authenticated:
        return Match.objects.none()
    mine = (
        Q(request__owner_id=user.pk)
        | Q(offer__owner_id=user.pk)
        | Q(expert__profile__user_id=user.pk)
        | Q(
            organization__memberships__user_id=user.pk,
            organization__memberships__role="admin",
        )
        | Q(
            offer__provider_organization__memberships__user_id=user.pk,
            offer__provider_organization__memberships__role="admin",
        )
        | Q(
            request__requesting_organization__memberships__user_id=user.pk,
            request__requesting_organization__memberships__role="admin",
        )
    )
    return Match.objects.filter(mine, status__in=MATCH_VISIBLE_STATES).distinct()


def record_audiences(record):
    """Search audience tokens: listed records are public; the rest only for their owner (the
    helpdesk searches in the admin)."""
    if record.is_listed:
        return {PUBLIC}
    return {user_audience(record.owner_id)} if record.owner_id else set()


# -- changing ----------------------------------------------------------------------------------


def can_edit_request(user, request_record):
    """Members edit only their own drafts; the helpdesk corrects any request before it is
    published. A request harvested from another clearing-house is edited at its source only."""
    if is_harvested(request_record):
        return False
    if request_record.status == RequestStatus.DRAFT and owns_request(user, request_record):
        return True
    return is_helpdesk(user) and request_record.status not in (
        RequestStatus.WITHDRAWN,
        RequestStatus.EXPIRED,
    )


def can_edit_offer(user, offer):
    if is_harvested(offer):  # edited at its source only
        return False
    if offer.status == OfferStatus.DRAFT and owns_offer(user, offer):
        return True
    return is_helpdesk(user) and offer.status not in (OfferStatus.CLOSED, OfferStatus.EXPIRED)


def can_post(user):
    """Any active signed-in member may post a request or an offer (as themselves, for an
    organization they administer, or, for offers, as the expert they are)."""
    return bool(user.is_authenticated and user.is_active)


def roles_of(user, record):
    """The workflow roles ``user`` holds on ``record`` (see ``workflow``)."""
    roles = set()
    if is_helpdesk(user):
        roles.add("helpdesk")
    if isinstance(record, Match):
        if is_party(user, record):
            roles.add("party")
    elif isinstance(record, Offer):
        if owns_offer(user, record):
            roles.add("owner")
    else:
        if owns_request(user, record):
            roles.add("owner")
        if endorses_for(user, record):
            roles.add("focal_point")
    return roles


def may_act(user, record, action_name):
    """Whether ``user`` may take the named action on ``record`` now (its state allows it and
    they hold one of its roles). ``system`` actions are never a user's."""
    action = actions_for(record).get(action_name)
    if action is None or not action.starts_from(record.status):
        return False
    roles = roles_of(user, record)
    if not roles & set(action.roles):
        return False
    if (
        isinstance(record, SupportRequest)
        and action_name == "vet"
        and record.status == RequestStatus.SUBMITTED
    ):
        # Without endorsement only when no focal point could give it.
        return not has_focal_point(record)
    if isinstance(record, Match) and action_name == "accept" and "helpdesk" not in roles:
        # A party accepts only once the other side has marked the match relevant.
        return other_side_agreed(user, record)
    return True


def available_actions(user, record):
    """The actions ``user`` may take on ``record`` now, for its buttons."""
    return [action for name, action in actions_for(record).items() if may_act(user, record, name)]


# -- a member's own records ("my cooperation", the dashboard card, the data export) -----------


def owned_requests(user):
    """The requests ``user`` owns (``owns_request``) in every state."""
    if not (user.is_authenticated and user.is_active):
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(
        Q(owner_id=user.pk)
        | Q(
            requesting_organization__memberships__user_id=user.pk,
            requesting_organization__memberships__role="admin",
        )
    ).distinct()


def owned_offers(user):
    """The offers ``user`` owns (``owns_offer``) in every state."""
    if not (user.is_authenticated and user.is_active):
        return Offer.objects.none()
    return Offer.objects.filter(
        Q(owner_id=user.pk)
        | Q(
            provider_organization__memberships__user_id=user.pk,
            provider_organization__memberships__role="admin",
        )
        | Q(provider_expert__profile__user_id=user.pk)
    ).distinct()
