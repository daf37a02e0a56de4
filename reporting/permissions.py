"""Who may see and change reporting records: the one place that says it.

A country's national focal points write its records; editors (``acts_for_all_countries``:
superusers and holders of ``members.act_for_all_countries``) act for every country. Every
function takes the ``user`` first and decides from the record's *stored* country, never from
anything a form or a URL says, so a focal point for Kenya cannot reach Brazil's records by
editing an address or a hidden field.

- view: a published record, everyone; an unpublished one, whoever may edit it;
- edit, submit, withdraw: the country's focal points and editors;
- review (publish, or return with a comment): another focal point of the same country than
  the one who submitted it, or an editor;
- unpublish: editors only.
"""

from django.db.models import Q

from community.members.roles import (
    acts_for_all_countries,
    can_act_for_country,
    focal_point_countries,
)
from exchange.models import is_harvested
from taxonomy.models import Country

from .models import ReviewStatus


def countries_user_reports_for(user):
    """The countries ``user`` may create records for."""
    if acts_for_all_countries(user):
        return Country.objects.all()
    return focal_point_countries(user)


def is_reporter(user):
    """Has ``user`` any country to report for (a focal point, or an editor)?"""
    return acts_for_all_countries(user) or focal_point_countries(user).exists()


def can_create(user, country):
    return can_act_for_country(user, country)


def can_edit(user, record):
    """A harvested record (from the CBD or another portal) is edited at its source only."""
    return can_act_for_country(user, record.country) and not is_harvested(record)


def can_view(user, record):
    return record.live or can_edit(user, record)


def can_review(user, record):
    """Publish or return a submitted record: not one's own submission, unless an editor."""
    if not can_edit(user, record):
        return False
    if acts_for_all_countries(user):
        return True
    return record.submitted_by_id is not None and record.submitted_by_id != user.pk


def can_unpublish(user, record):
    return acts_for_all_countries(user)


def may_act(user, record, action_name):
    """Whether ``user`` may take ``action_name`` (``workflow.ACTIONS``) on ``record``."""
    if action_name in ("edit", "submit", "withdraw"):
        return can_edit(user, record)
    if action_name in ("publish", "return"):
        return can_review(user, record)
    if action_name == "unpublish":
        return can_unpublish(user, record)
    return False


def visible(user, model):
    """The records of ``model`` ``user`` may see: the published ones, plus every record of
    the countries they report for."""
    queryset = model.objects.all()
    if acts_for_all_countries(user):
        return queryset
    countries = focal_point_countries(user)
    return queryset.filter(Q(live=True) | Q(country__in=countries))


def editable(user, model):
    """The records of ``model`` ``user`` may edit."""
    queryset = model.objects.all()
    if acts_for_all_countries(user):
        return queryset
    return queryset.filter(country__in=focal_point_countries(user))


def awaiting_review(user, model):
    """Submitted records ``user`` may publish or return."""
    queryset = editable(user, model).filter(review_status=ReviewStatus.SUBMITTED)
    if acts_for_all_countries(user):
        return queryset
    return queryset.exclude(submitted_by_id=user.pk)
