"""The cooperation helpdesk queue in the Wagtail admin: requests and offers listed with what
awaits the helpdesk first, each inspected with every field, its Transition history and the
lifecycle buttons the helpdesk may press (``permissions.available_actions`` and ``extend``),
corrected through edit views that follow ``permissions.can_edit_request/offer``; and the
assistance types (labels and their translations) for editors.

Every lifecycle action goes through ``services``; what it refuses is reported as a Wagtail
message and changes nothing. Only members with ``cooperation.act_as_helpdesk`` (superusers
included) see the queue.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Max, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from . import permissions, services
from .models import AssistanceType, Offer, OfferStatus, RequestStatus, SupportRequest
from .workflow import TransitionError, actions_for

# What waits on the helpdesk, listed first in its queue.
REQUEST_AWAITING = (
    RequestStatus.SUBMITTED,
    RequestStatus.ENDORSED,
    RequestStatus.NOT_ENDORSED,
    RequestStatus.VETTED,
)
OFFER_AWAITING = (OfferStatus.SUBMITTED,)


class HelpdeskPermissionPolicy(ModelPermissionPolicy):
    """The helpdesk (``cooperation.act_as_helpdesk``) views and corrects requests and offers;
    nobody adds or deletes them here (members post them; records are never deleted, they are
    withdrawn or closed). Whether one record may be changed is ``permissions.can_edit_*``."""

    def __init__(self, model):
        super().__init__(model, auth_model=SupportRequest)

    def _get_permission_codenames(self, actions):
        return {"act_as_helpdesk"} if set(actions) & {"view", "change"} else set()

    def _get_permission_name(self, action):
        return permissions.HELPDESK_PERMISSION

    def user_has_permission(self, user, action):
        return action in ("view", "change") and permissions.is_helpdesk(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            return _can_edit(user, instance)
        return self.user_has_permission(user, action)


def _can_edit(user, record):
    if isinstance(record, Offer):
        return permissions.can_edit_offer(user, record)
    return permissions.can_edit_request(user, record)


# -- corrections -------------------------------------------------------------------------------


class RecordCorrectionForm(WagtailAdminModelForm):
    """The helpdesk's corrections, with the ranges checked in words rather than by the
    database constraint's name."""

    ranges = ()

    def clean(self):
        cleaned = super().clean()
        for low, high, message in self.ranges:
            low_value, high_value = cleaned.get(low), cleaned.get(high)
            if low_value is not None and high_value is not None and low_value > high_value:
                self.add_error(high, message)
        return cleaned


DATE_RANGE = ("start_date", "end_date", gettext_lazy("The end date must not be before the start."))


class RequestCorrectionForm(RecordCorrectionForm):
    ranges = (
        (
            "budget_min",
            "budget_max",
            gettext_lazy("“Budget up to” must be at least “budget from”."),
        ),
        DATE_RANGE,
    )


class OfferCorrectionForm(RecordCorrectionForm):
    ranges = (
        (
            "amount_min",
            "amount_max",
            gettext_lazy("“Amount up to” must be at least “amount from”."),
        ),
        DATE_RANGE,
    )


def _model_form(base, model, fields):
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}AdminForm", (base,), {"Meta": meta})


# -- the queue ---------------------------------------------------------------------------------


class QueueIndexView(IndexView):
    """Records awaiting the helpdesk first (the longest-waiting at the top), then the rest,
    most recently changed first. Titles open the inspect view, where the buttons are."""

    awaiting = ()
    default_ordering = ("queue", "waiting_since", "-updated_at")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related("countries")
            .annotate(
                queue=Case(
                    When(status__in=self.awaiting, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                waiting_since=Case(When(status__in=self.awaiting, then=F("updated_at"))),
                submitted_at=Max("transitions__created_at", filter=Q(transitions__action="submit")),
            )
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class RequestQueueIndexView(QueueIndexView):
    awaiting = REQUEST_AWAITING


class OfferQueueIndexView(QueueIndexView):
    awaiting = OFFER_AWAITING


class RecordInspectView(InspectView):
    """Every field, the attachments, the Transition history (who, when, from → to, comment)
    and the buttons for the actions the viewer may take now."""

    act_url_name = None

    def get_edit_url(self):
        if self.edit_url_name and _can_edit(self.request.user, self.object):
            return reverse(self.edit_url_name, args=[self.object.pk])
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        user = self.request.user
        status_labels = dict(type(record)._meta.get_field("status").choices)
        action_labels = {name: action.label for name, action in actions_for(record).items()}
        action_labels["extend"] = _("Extend")
        context["transitions"] = [
            {
                "row": row,
                "action": action_labels.get(row.action, row.action),
                "from": status_labels.get(row.from_status, row.from_status),
                "to": status_labels.get(row.to_status, row.to_status),
            }
            for row in record.transitions.select_related("actor__profile").order_by(
                "created_at", "pk"
            )
        ]
        context["available_actions"] = permissions.available_actions(user, record)
        context["can_extend"] = services.can_extend(user, record)
        context["act_url"] = reverse(self.act_url_name, args=[record.pk])
        context["attachments"] = record.attachments.all()
        return context


class RecordEditView(EditView):
    """The helpdesk's corrections, only while ``permissions.can_edit_*`` allows them."""

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        if not _can_edit(self.request.user, record):
            raise PermissionDenied
        return record


class RecordViewSet(ModelViewSet):
    """What requests and offers share in the queue."""

    inspect_view_enabled = True
    inspect_view_class = RecordInspectView
    edit_view_class = RecordEditView
    inspect_template_name = "cooperation/admin/record_inspect.html"
    copy_view_enabled = False
    pk_path_converter = "id"
    search_backend_name = None
    list_per_page = 30
    correction_form = RecordCorrectionForm

    def get_form_class(self, for_update=False):
        return _model_form(self.correction_form, self.model, self.form_fields)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(act_url_name=self.get_url_name("act"), **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("act/<id:pk>/", self.act_view, name="act"),
        ]

    def act_view(self, request, pk):
        """POST ``action`` (a workflow action or ``extend``) and ``comment``: take it through
        ``services`` and report the result on the inspect page. A refusal changes nothing."""
        if request.method != "POST":
            return redirect(self.get_url_name("inspect"), pk=pk)
        if not permissions.is_helpdesk(request.user):
            raise PermissionDenied
        record = get_object_or_404(self.model, pk=pk)
        name = request.POST.get("action", "")
        comment = request.POST.get("comment", "")
        try:
            if name == "extend":
                record = services.extend(request.user, record, comment)
                label = _("Extended")
            else:
                record = services.apply(request.user, record, name, comment)
                label = actions_for(record)[name].label
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(action)s: the record is now %(status)s.")
                % {"action": label, "status": record.get_status_display().lower()},
            )
        return redirect(self.get_url_name("inspect"), pk=record.pk)


def _countries(record):
    return ", ".join(country.code for country in record.countries.all()) or "—"


class SupportRequestViewSet(RecordViewSet):
    model = SupportRequest
    index_view_class = RequestQueueIndexView
    correction_form = RequestCorrectionForm
    icon = "help"
    menu_label = gettext_lazy("Requests for support")
    list_display = [
        "title",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("countries", label=gettext_lazy("Countries"), accessor=_countries),
        DateColumn("submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"),
        DateColumn("updated_at", label=gettext_lazy("Updated"), sort_key="updated_at"),
    ]
    list_filter = ["status", "countries", "targets", "assistance_types"]
    search_fields = ["title", "summary", "organization_name", "contact_name"]
    form_fields = [
        "title",
        "summary",
        "problem",
        "objectives",
        "expected_outcomes",
        "assistance_types",
        "assistance_details",
        "existing_initiatives",
        "beneficiaries",
        "countries",
        "targets",
        "thematic_areas",
        "language",
        "working_languages",
        "requesting_organization",
        "organization_name",
        "contact_name",
        "contact_email",
        "start_date",
        "end_date",
        "budget_min",
        "budget_max",
        "currency",
        "co_financing",
        "expires_on",
    ]


class OfferViewSet(RecordViewSet):
    model = Offer
    index_view_class = OfferQueueIndexView
    correction_form = OfferCorrectionForm
    icon = "pick"
    menu_label = gettext_lazy("Offers of support")
    list_display = [
        "title",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("provider", label=gettext_lazy("Provider"), accessor="provider_label"),
        Column("countries", label=gettext_lazy("Countries"), accessor=_countries),
        DateColumn("submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"),
        DateColumn("updated_at", label=gettext_lazy("Updated"), sort_key="updated_at"),
    ]
    list_filter = ["status", "countries", "targets", "assistance_types"]
    search_fields = ["title", "description", "eligibility"]
    form_fields = [
        "title",
        "description",
        "provider_organization",
        "provider_expert",
        "assistance_types",
        "beneficiaries",
        "countries",
        "eligible_regions",
        "targets",
        "thematic_areas",
        "language",
        "working_languages",
        "eligibility",
        "application_process",
        "potential_outcomes",
        "application_deadline",
        "start_date",
        "end_date",
        "amount_min",
        "amount_max",
        "currency",
        "capacity",
        "contact_email",
        "expires_on",
    ]


# -- assistance types --------------------------------------------------------------------------


class AssistanceTypeForm(WagtailAdminModelForm):
    def clean_translations(self):
        value = self.cleaned_data.get("translations") or {}
        if not isinstance(value, dict) or not all(
            isinstance(code, str) and isinstance(label, str) for code, label in value.items()
        ):
            raise forms.ValidationError(
                _('Give one label per language code, e.g. {"fr": "Formation", "es": "Formación"}.')
            )
        return value


class AssistanceTypeViewSet(ModelViewSet):
    """Editors with the assistance type permissions maintain the labels (and their
    translations) requests and offers are classified by; the identifiers are what matching
    compares."""

    model = AssistanceType
    icon = "tag"
    menu_label = gettext_lazy("Assistance types")
    list_display = ["name", "slug", "cbd_identifier", "sort_order"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    form_fields = ["name", "slug", "cbd_identifier", "sort_order", "translations"]
    pk_path_converter = "id"
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return _model_form(AssistanceTypeForm, AssistanceType, self.form_fields)


class CooperationViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Cooperation")
    menu_icon = "site"
    menu_order = 420
    items = (
        SupportRequestViewSet("cooperation_requests"),
        OfferViewSet("cooperation_offers"),
        AssistanceTypeViewSet("cooperation_assistance_types"),
    )
