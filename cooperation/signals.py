"""Receivers of cooperation's own signals and of other apps' model signals."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from community.experts.models import ExpertiseTag, ExpertProfile
from community.members.models import Profile
from community.partners.models import PartnerPage

from . import matching
from .models import CandidateKind, Match, MatchStatus, Offer, OfferStatus, SupportRequest
from .workflow import transitioned

# -- lifecycle emails (part A) -----------------------------------------------------------------


@receiver(transitioned, dispatch_uid="cooperation_notify_transition")
def notify_parties(sender, transition=None, **kwargs):
    """Email everyone a transition concerns (``tasks.notify_transition``), once it has
    committed. The mail goes out in a task: a failing mail server never undoes an action."""
    if transition is None:
        return
    from .tasks import notify_transition

    transaction.on_commit(lambda: notify_transition.enqueue(transition.pk))


# -- the matchmaker: keep the candidate index current and suggestions fresh ---------------------
#
# The index is rewritten synchronously (a handful of queries per record) so it is current
# inside the same transaction; refreshing suggestions goes through tasks (``tasks.py``), queued
# once a transition has committed.

OFFER_M2M = [
    Offer.targets.through,
    Offer.countries.through,
    Offer.thematic_areas.through,
    Offer.assistance_types.through,
    Offer.working_languages.through,
    Offer.eligible_regions.through,
]
EXPERT_M2M = [
    ExpertProfile.targets.through,
    ExpertProfile.countries.through,
    ExpertProfile.thematic_areas.through,
    ExpertProfile.languages.through,
]
M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def reindex_offer(offer):
    """An offer's own entry and those of its provider, whose assistance types follow its
    published offers."""
    matching.index_candidate(CandidateKind.OFFER, offer.pk)
    if offer.provider_expert_id:
        matching.index_candidate(CandidateKind.EXPERT, offer.provider_expert_id)
    if offer.provider_organization_id:
        matching.index_candidate(CandidateKind.ORGANIZATION, offer.provider_organization_id)


@receiver(post_save, sender=Offer, dispatch_uid="cooperation-matching-offer-saved")
def offer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_offer(instance)


@receiver(post_delete, sender=Offer, dispatch_uid="cooperation-matching-offer-deleted")
def offer_deleted(sender, instance, **kwargs):
    reindex_offer(instance)


@receiver(post_save, sender=ExpertProfile, dispatch_uid="cooperation-matching-expert-saved")
@receiver(post_delete, sender=ExpertProfile, dispatch_uid="cooperation-matching-expert-deleted")
def expert_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        matching.index_candidate(CandidateKind.EXPERT, instance.pk)


@receiver(post_save, sender=Profile, dispatch_uid="cooperation-matching-profile-saved")
def profile_saved(sender, instance, raw=False, **kwargs):
    """An expert's name is their candidate's title."""
    if raw:
        return
    expert_id = ExpertProfile.objects.filter(profile=instance).values_list("pk", flat=True).first()
    if expert_id is not None:
        matching.index_candidate(CandidateKind.EXPERT, expert_id)


@receiver(page_published, sender=PartnerPage, dispatch_uid="cooperation-matching-partner-live")
@receiver(page_unpublished, sender=PartnerPage, dispatch_uid="cooperation-matching-partner-off")
@receiver(post_delete, sender=PartnerPage, dispatch_uid="cooperation-matching-partner-deleted")
def partner_changed(sender, instance, **kwargs):
    matching.index_candidate(CandidateKind.ORGANIZATION, instance.pk)


def _m2m_changed(kind, model):
    def handler(sender, instance, action, reverse, pk_set=None, **kwargs):
        if action not in M2M_ACTIONS:
            return
        if not reverse:
            ids = [instance.pk] if isinstance(instance, model) else []
        else:
            ids = sorted(pk_set or ())
        for object_id in ids:
            if kind == CandidateKind.OFFER:
                offer = Offer.objects.filter(pk=object_id).first()
                if offer is not None:
                    reindex_offer(offer)
            else:
                matching.index_candidate(kind, object_id)

    return handler


_offer_m2m = _m2m_changed(CandidateKind.OFFER, Offer)
_expert_m2m = _m2m_changed(CandidateKind.EXPERT, ExpertProfile)
for _through in OFFER_M2M:
    m2m_changed.connect(
        _offer_m2m, sender=_through, dispatch_uid=f"coop-match-{_through._meta.label}"
    )
for _through in EXPERT_M2M:
    m2m_changed.connect(
        _expert_m2m, sender=_through, dispatch_uid=f"coop-match-{_through._meta.label}"
    )
# A partner page's classification (ParentalManyToMany) reaches the index when it is published.


@receiver(m2m_changed, sender=ExpertiseTag, dispatch_uid="cooperation-matching-expertise")
def expertise_changed(sender, instance, action, reverse, **kwargs):
    if action in M2M_ACTIONS and isinstance(instance, ExpertProfile):
        matching.index_candidate(CandidateKind.EXPERT, instance.pk)


@receiver(transitioned, dispatch_uid="cooperation-matching-transitioned")
def suggest_after_transition(sender, record, action, actor=None, **kwargs):
    """A request published or renewed: suggest for it; an offer published or renewed: suggest
    for the requests it could answer; an offer closed or a match agreed or ended: its places
    and the suggestions that counted on it change."""
    from . import tasks

    if sender is SupportRequest:
        # Published or renewed: suggest; withdrawn or expired: its suggestions go stale.
        if action in {"publish", "renew", "withdraw", "expire"}:
            tasks.refresh_request_suggestions.enqueue(record.pk)
    elif sender is Offer:
        # (Its index entry was rewritten when the service saved it.)
        if record.status == OfferStatus.PUBLISHED:
            tasks.suggest_for_candidate.enqueue(CandidateKind.OFFER, record.pk)
        else:  # closed or expired: suggestions counting on it go stale
            stale = Match.objects.filter(offer=record, status=MatchStatus.SUGGESTED)
            for request_id in stale.values_list("request_id", flat=True).distinct():
                tasks.refresh_request_suggestions.enqueue(request_id)
    elif sender is Match and record.offer_id:
        offer = Offer.objects.filter(pk=record.offer_id).first()
        if offer is not None:
            reindex_offer(offer)
