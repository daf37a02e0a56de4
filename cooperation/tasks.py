"""Background work of cooperation (django-tasks).

Lifecycle emails and renewal/expiry (part A): ``notify_transition`` tells everyone a
transition concerns, each in their own language; ``expire_and_remind`` (run daily by
``manage.py cooperation_expire``) sends renewal reminders before a listed record's end date and
expires the records whose date has come. Recipients and records are checked again at send
time; a failing mail server makes the task fail (logged), never the action that caused it.
"""

import datetime
import logging

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chm.mail import send_mail
from chm.submissions import submitter_language
from community.members.models import FocalPoint
from community.members.permissions import shown_member
from community.partners.models import PartnerMembership
from exchange.links import absolute_url

from .models import (
    Match,
    Offer,
    OfferStatus,
    RequestStatus,
    SupportRequest,
    Transition,
)
from .workflow import TransitionError, actions_for

logger = logging.getLogger(__name__)


# -- lifecycle emails (part A) -----------------------------------------------------------------

OWNER = "owner"
FOCAL_POINT = "focal_point"
HELPDESK = "helpdesk"
PARTY = "party"

# Who hears of each transition, by record kind and action. "focal_point" falls back to the
# helpdesk when none of the request's countries has an active focal point.
AUDIENCES = {
    ("request", "submit"): (OWNER, FOCAL_POINT),
    ("request", "endorse"): (OWNER, HELPDESK),
    ("request", "not_endorse"): (OWNER, HELPDESK),
    ("request", "vet"): (OWNER,),
    ("request", "publish"): (OWNER,),
    ("request", "return"): (OWNER,),
    ("request", "mark_ineligible"): (OWNER,),
    ("request", "withdraw"): (OWNER, HELPDESK),
    ("request", "expire"): (OWNER,),
    ("request", "renew"): (OWNER,),
    ("offer", "submit"): (HELPDESK,),
    ("offer", "publish"): (OWNER,),
    ("offer", "return"): (OWNER,),
    ("offer", "close"): (OWNER,),
    ("offer", "expire"): (OWNER,),
    ("offer", "renew"): (OWNER,),
    ("match", "approve"): (PARTY,),
    ("match", "accept"): (PARTY,),
    ("match", "decline"): (PARTY,),
    ("match", "start"): (PARTY,),
    ("match", "complete"): (PARTY,),
}

# The Wagtail admin views (``admin_views.py``) the helpdesk is sent to.
ADMIN_URL_NAMESPACES = {"request": "cooperation_requests", "offer": "cooperation_offers"}


def _reachable(users):
    """Active users with an address, each once, in a stable order."""
    seen, result = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def helpdesk_users():
    """Who the helpdesk is for email: active members granted ``cooperation.act_as_helpdesk``
    (directly or through a group); when nobody is, the superusers, so nothing is lost."""
    User = get_user_model()
    permission = Permission.objects.filter(
        content_type__app_label="cooperation", codename="act_as_helpdesk"
    ).first()
    granted = User.objects.none()
    if permission is not None:
        granted = User.objects.filter(
            Q(user_permissions=permission) | Q(groups__permissions=permission)
        )
    users = granted.filter(is_active=True).exclude(email="").distinct().order_by("pk")
    if not users.exists():
        users = User.objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return list(users.order_by("pk"))


def _organization_admins(organization):
    if organization is None:
        return []
    memberships = PartnerMembership.objects.filter(
        partner=organization, role=PartnerMembership.Role.ADMIN
    ).select_related("user")
    return [membership.user for membership in memberships.order_by("pk")]


def record_owners(record):
    """Who stands for a request or an offer: the member who posted it; if their account is
    gone, the administrators of its organization (or the expert whose offer it is)."""
    if record.owner is not None:
        return _reachable([record.owner])
    if isinstance(record, Offer):
        if record.provider_expert_id:
            return _reachable([record.provider_expert.profile.user])
        return _reachable(_organization_admins(record.provider_organization))
    return _reachable(_organization_admins(record.requesting_organization))


def match_parties(match):
    """Both sides of a match: the requester, and the provider (the offer's owner, the
    expert, or the organization's administrators)."""
    provider = []
    if match.offer_id:
        provider = record_owners(match.offer)
    elif match.expert_id:
        provider = [match.expert.profile.user]
    elif match.organization_id:
        provider = _organization_admins(match.organization)
    return _reachable(record_owners(match.request) + provider)


def _focal_points(request_record):
    assignments = (
        FocalPoint.objects.active()
        .filter(country__in=request_record.countries.all())
        .select_related("user")
        .order_by("pk")
    )
    return _reachable([assignment.user for assignment in assignments])


def transition_recipients(transition):
    """``[(user, audience), …]`` for a transition, each user once (the first audience wins)."""
    record = transition.request or transition.offer or transition.match
    kind = _kind(record)
    recipients = []
    for audience in AUDIENCES.get((kind, transition.action), ()):
        if audience == OWNER:
            users = record_owners(record)
        elif audience == PARTY:
            users = match_parties(record)
        elif audience == FOCAL_POINT:
            users = _focal_points(record)
            if not users:
                audience, users = HELPDESK, helpdesk_users()
        else:
            users = helpdesk_users()
        recipients.extend((user, audience) for user in users)
    seen, result = set(), []
    for user, audience in recipients:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append((user, audience))
    return result


def _kind(record):
    if isinstance(record, Match):
        return "match"
    if isinstance(record, Offer):
        return "offer"
    return "request"


def _record_url(record, audience):
    """Where a recipient goes: the helpdesk to the record in the Wagtail admin, everyone else
    to its page on the site."""
    kind = _kind(record)
    if audience == HELPDESK and kind in ADMIN_URL_NAMESPACES:
        return absolute_url(reverse(f"{ADMIN_URL_NAMESPACES[kind]}:inspect", args=[record.pk]))
    return absolute_url(record.get_absolute_url())


def _status_label(record, status):
    return str(dict(type(record)._meta.get_field("status").choices).get(status, status))


def _record_title(record):
    if isinstance(record, Match):
        return f"{record.request.title} ↔ {record.candidate}"
    return record.title


def _kind_label(record):
    return {
        "request": _("Request for support"),
        "offer": _("Offer of support"),
        "match": _("Match"),
    }[_kind(record)]


def _why(kind, action, audience):
    """The sentence that tells the recipient why they get this email and what comes next
    (called with the recipient's language active)."""
    if audience == FOCAL_POINT:
        return _(
            "As a national focal point of this request's country, please review it and endorse "
            "it, or say why you do not."
        )
    if audience == HELPDESK:
        if (kind, action) in (("request", "submit"), ("offer", "submit")):
            return _("It awaits the helpdesk: please vet it.")
        return _("You receive this as a member of the cooperation helpdesk.")
    if audience == PARTY:
        return _("You receive this as a party to this match.")
    return {
        ("request", "submit"): _(
            "We have received your request. A national focal point of its country is asked to "
            "endorse it; the helpdesk then vets it before it is published."
        ),
        ("request", "return"): _("Please make the changes asked for and submit it again."),
        ("request", "publish"): _(
            "It is now listed on the portal; the helpdesk will propose who could help."
        ),
        ("request", "expire"): _(
            "It is no longer listed because its end date has passed. You can renew it from its "
            "page."
        ),
        ("offer", "return"): _("Please make the changes asked for and submit it again."),
        ("offer", "expire"): _(
            "It is no longer listed because its end date has passed. You can renew it from its "
            "page."
        ),
    }.get((kind, action), "")


def _actor_name(recipient, actor):
    if actor is None:
        return _("the portal (automatic)")
    return shown_member(recipient, actor).name


def _send_transition_email(transition, record, recipient, audience):
    kind = _kind(record)
    action = actions_for(record).get(transition.action)
    with translation.override(submitter_language(recipient)):
        context = {
            "recipient": recipient,
            "recipient_name": shown_member(recipient, recipient).name,
            "record": record,
            "record_title": _record_title(record),
            "kind_label": _kind_label(record),
            "action_label": str(action.label) if action else transition.action,
            "from_label": _status_label(record, transition.from_status),
            "to_label": _status_label(record, transition.to_status),
            "actor_name": _actor_name(recipient, transition.actor),
            "when": transition.created_at,
            "comment": transition.comment,
            "why": _why(kind, transition.action, audience),
            "url": _record_url(record, audience),
        }
        subject = render_to_string("cooperation/emails/transition_subject.txt", context)
        body = render_to_string("cooperation/emails/transition_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


@task()
def notify_transition(transition_id):
    """Email everyone a transition concerns (``AUDIENCES``), each in their language, with a
    link to the record, the action, its comment and who took it. Returns how many were sent.

    Checked at send time: the transition and its record still exist, and each recipient is
    active with an address. If the mail server fails, the others are still tried, then the
    task fails (and is logged) so the worker reports it."""
    transition = (
        Transition.objects.select_related("request", "offer", "match__request", "actor")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return 0
    record = transition.request or transition.offer or transition.match
    sent, failures = 0, []
    for recipient, audience in transition_recipients(transition):
        try:
            _send_transition_email(transition, record, recipient, audience)
        except Exception as error:  # noqa: BLE001 - any mail failure; re-raised below
            logger.exception(
                "Cooperation email for transition %s to user %s failed", transition.pk, recipient.pk
            )
            failures.append(error)
        else:
            sent += 1
    if failures:
        raise failures[0]
    return sent


# -- renewal reminders and expiry (part A) -----------------------------------------------------

# How long before a listed record's end date its owner is reminded to renew it.
REMINDER_LEAD = datetime.timedelta(days=14)

# The records that expire, and the states in which they do (those the "expire" action starts
# from: listed requests still open, published offers).
EXPIRING = (
    (SupportRequest, (RequestStatus.PUBLISHED, RequestStatus.MATCHED)),
    (Offer, (OfferStatus.PUBLISHED,)),
)
_MODELS = {"request": SupportRequest, "offer": Offer}


def expire_due(today=None):
    """Expire every listed record whose end date has come (the system ``expire`` action).
    Returns how many expired."""
    from . import services

    today = today or timezone.localdate()
    expired = 0
    for model, states in EXPIRING:
        for record in model.objects.filter(status__in=states, expires_on__lte=today):
            try:
                services.apply(services.SYSTEM, record, "expire")
            except TransitionError:
                continue  # moved on meanwhile (withdrawn, renewed, ...)
            expired += 1
    return expired


def remind_due(today=None):
    """Mark and queue one renewal reminder per listed record ending within
    ``REMINDER_LEAD`` that has not had one. Returns how many were queued."""
    today = today or timezone.localdate()
    queued = 0
    for model, states in EXPIRING:
        due = model.objects.filter(
            status__in=states,
            expires_on__gt=today,
            expires_on__lte=today + REMINDER_LEAD,
            renewal_reminder_sent_on__isnull=True,
        ).values_list("pk", flat=True)
        kind = "offer" if model is Offer else "request"
        for pk in list(due):
            # Marked first, conditionally: two runs at once remind once.
            marked = model.objects.filter(pk=pk, renewal_reminder_sent_on__isnull=True).update(
                renewal_reminder_sent_on=today
            )
            if marked:
                transaction.on_commit(
                    lambda kind=kind, pk=pk: send_renewal_reminder.enqueue(kind, pk)
                )
                queued += 1
    return queued


@task()
def expire_and_remind():
    """The daily job: renewal reminders 14 days before a listed record's end date, then the
    expiry of records whose end date has come. Idempotent: running it twice a day sends no
    second reminder and expires nothing twice."""
    reminded = remind_due()
    expired = expire_due()
    return {"reminded": reminded, "expired": expired}


@task()
def send_renewal_reminder(kind, pk):
    """Remind the owner of a listed record that it ends soon and how to keep it listed, in
    their language. Nothing is sent if the record is no longer listed."""
    model = _MODELS.get(kind)
    record = model.objects.filter(pk=pk).first() if model else None
    if record is None:
        return 0
    states = dict(EXPIRING)[model]
    if record.status not in states or record.expires_on < timezone.localdate():
        return 0
    sent = 0
    for recipient in record_owners(record):
        with translation.override(submitter_language(recipient)):
            context = {
                "recipient_name": shown_member(recipient, recipient).name,
                "record": record,
                "kind_label": _kind_label(record),
                "expires_on": record.expires_on,
                "url": absolute_url(record.get_absolute_url()),
            }
            subject = render_to_string("cooperation/emails/renewal_subject.txt", context)
            body = render_to_string("cooperation/emails/renewal_body.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        sent += 1
    return sent


# -- the matchmaker ----------------------------------------------------------------------------

# How many of the requests an offer could answer have their suggestions refreshed when it is
# published: the best ones, where the new offer may enter the top suggestions.
REVERSE_REFRESH_LIMIT = 50


@task()
def refresh_request_suggestions(request_id):
    """Recompute one request's suggestions (it was published, renewed or left the open
    states). Checked again at run time: the request may be gone."""
    from . import matching
    from .models import SupportRequest

    request_record = SupportRequest.objects.filter(pk=request_id).first()
    if request_record is not None:
        matching.refresh_suggestions(request_record)


@task()
def suggest_for_candidate(kind, object_id):
    """A candidate became available (an offer published): refresh the suggestions of the open
    requests it could answer."""
    from . import matching

    for request_record, _score, _parts in matching.requests_for(
        kind, object_id, limit=REVERSE_REFRESH_LIMIT
    ):
        matching.refresh_suggestions(request_record)
