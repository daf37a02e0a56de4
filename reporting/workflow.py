"""The review of reporting records, as data.

Every record type (NBSAP, national target, data series, national report) goes through the
same steps. ``services.apply`` is the only code that moves a record's ``review_status``: it
looks the action up here, asks ``permissions.may_act``, and refuses anything else with
``ReviewError`` (a translated message) without changing anything.

    draft --submit--> submitted --publish--> published
      ^                   |                      |
      +--return/withdraw--+        (edit) -------+--> draft again, the published
                                                       version stays public meanwhile

Editing a submitted or published record puts its latest version back to draft: the published
version (the record's columns) stays public until a reviewer publishes the new one.
Unpublishing (editors) takes the record off the public pages.
"""

from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from .models import ReviewStatus

S = ReviewStatus


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    comment_required: bool = False
    asks_comment: bool = False

    def starts_from(self, status):
        return status in self.sources


class ReviewError(Exception):
    """A refused step: ``str(error)`` is the translated message shown to the user."""


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", _("Submit for review"), (S.DRAFT,), S.SUBMITTED, asks_comment=True),
        Action("withdraw", _("Withdraw from review"), (S.SUBMITTED,), S.DRAFT),
        Action(
            "return",
            _("Return for changes"),
            (S.SUBMITTED,),
            S.DRAFT,
            comment_required=True,
            asks_comment=True,
        ),
        Action("publish", _("Publish"), (S.SUBMITTED,), S.PUBLISHED, asks_comment=True),
        Action(
            "unpublish",
            _("Unpublish"),
            (S.DRAFT, S.SUBMITTED, S.PUBLISHED),
            S.DRAFT,
            comment_required=True,
            asks_comment=True,
        ),
    )
}

# Sent once the transaction of a step commits: sender is the record's class; kwargs record,
# action (name), actor, step (the ReviewStep). Emails to focal points and submitters hang here.
reviewed = Signal()
