"""Admin views the project's snippet viewsets share."""

from django.http import Http404

from wagtail.snippets.views.snippets import RevisionsCompareView

from .converters import parse_id


class CheckedRevisionsCompareView(RevisionsCompareView):
    """Wagtail routes the comparison of two revisions with any text as the object's id
    (``history/(?P<pk>.+)/revisions/compare/…``) and then fails with a server error on one that
    is not a number: such an address is not found. Every revisioned snippet's viewset uses
    this (``revisions_compare_view_class``)."""

    def setup(self, request, *args, **kwargs):
        if parse_id(str(kwargs.get("pk", ""))) is None:
            raise Http404
        super().setup(request, *args, **kwargs)
