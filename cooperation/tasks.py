"""Background work of the cooperation app (django-tasks)."""

from django_tasks import task

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
