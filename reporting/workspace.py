"""What a national focal point does on the public site: the country's reporting workspace,
the forms that add and edit NBSAPs, national targets and national reports, and each record's
"what changed" page.

Views never save records themselves: a valid form is saved in memory and handed to
``services.create`` / ``services.save_changes`` (and ``services.apply`` for "Save and submit"),
all in one transaction, so a refused step or a constraint the database keeps leaves nothing
behind. Who may do what comes from ``permissions``, always from the stored record's country.
"""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.members.permissions import shown_member
from taxonomy.forms import ModelChoiceField

from . import history as record_history
from . import permissions, services
from .forms import NationalReportForm, NationalTargetForm, NBSAPForm
from .models import NBSAP, DataSeries, NationalReport, NationalTarget, ReviewStatus
from .views import KINDS, RELATED
from .workflow import ReviewError

COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")

# The record types of the workspace, their forms and their names.
FORMS = {
    NBSAP: (
        NBSAPForm,
        gettext_lazy("Add an NBSAP"),
        gettext_lazy("Edit the NBSAP"),
    ),
    NationalTarget: (
        NationalTargetForm,
        gettext_lazy("Add a national target"),
        gettext_lazy("Edit the national target"),
    ),
    NationalReport: (
        NationalReportForm,
        gettext_lazy("Add a national report"),
        gettext_lazy("Edit the national report"),
    ),
}


class CountryPickerForm(forms.Form):
    """Editors report for every country: they choose one (``?country=KE``)."""

    country = ModelChoiceField(
        queryset=None,
        to_field_name="code",
        label=gettext_lazy("Country"),
        empty_label=gettext_lazy("Choose a country"),
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries


def _submitter(viewer, record):
    if record.submitted_by_id is None:
        return None
    return shown_member(viewer, record.submitted_by)


def _rows(user, queryset):
    return [
        {"record": record, "submitter": _submitter(user, record)}
        for record in queryset.select_related("submitted_by")
    ]


def country_section(user, country):
    """Everything of ``country`` the workspace lists for ``user``."""
    editable = {
        model: permissions.editable(user, model).filter(country=country) for model in KINDS.values()
    }
    awaiting = []
    for model in (NBSAP, NationalTarget, DataSeries, NationalReport):
        for record in permissions.awaiting_review(user, model).filter(country=country):
            awaiting.append({"record": record, "submitter": _submitter(user, record)})
    return {
        "country": country,
        "nbsaps": _rows(user, editable[NBSAP].order_by("-start_date")),
        "targets": _rows(user, editable[NationalTarget].order_by("sequence")),
        "reports": _rows(user, editable[NationalReport].order_by("-cycle")),
        "series": editable[DataSeries].order_by("title"),
        "awaiting": awaiting,
    }


@login_required
def workspace(request):
    """My country's reporting: each country the user reports for (editors choose one)."""
    user = request.user
    if not permissions.is_reporter(user):
        return render(request, "reporting/workspace_none.html")
    picker = None
    if permissions.acts_for_all_countries(user):
        countries = permissions.countries_user_reports_for(user).order_by("name")
        code = request.GET.get("country")
        data = None
        if code is not None:
            # Anything but two letters is not a country (and never reaches the database).
            data = {"country": code.upper() if COUNTRY_CODE.fullmatch(code) else ""}
        picker = CountryPickerForm(data, countries=countries)
        chosen = [picker.cleaned_data["country"]] if picker.is_bound and picker.is_valid() else []
    else:
        chosen = list(permissions.countries_user_reports_for(user).order_by("name"))
    context = {
        "picker": picker,
        "sections": [country_section(user, country) for country in chosen],
    }
    return render(request, "reporting/workspace.html", context)


def _editable_record(request, model, uuid):
    select, prefetch = RELATED[model]
    record = (
        permissions.editable(request.user, model).select_related(*select).filter(uuid=uuid).first()
    )
    if record is None:
        # Another country's record, or none: the same answer, so nothing is disclosed.
        raise Http404
    return record


@login_required
def record_form(request, model, uuid=None):
    """Add (``uuid`` None) or edit a record. "Save" keeps a draft (a new revision); "Save and
    submit for review" also submits it. Bad input: the form again, with a summary of the
    errors, and nothing saved."""
    form_class, add_title, edit_title = FORMS[model]
    user = request.user
    if uuid is None:
        if not permissions.is_reporter(user):
            return render(request, "reporting/workspace_none.html", status=403)
        record, instance = None, model()
    else:
        record = _editable_record(request, model, uuid)
        instance = record.get_latest_revision_as_object()
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, user=user)
        submit = request.POST.get("intent") == "submit"
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.store_uploads()
                    edited = form.save(commit=False)
                    if record is None:
                        saved = services.create(user, edited)
                    else:
                        saved = services.save_changes(user, edited)
                    if submit:
                        saved = services.apply(user, saved, "submit")
            except (PermissionDenied, ReviewError) as error:
                form.add_error(None, str(error) or _("You may not do this."))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if submit:
                    messages.success(request, _("Saved and submitted for review."))
                else:
                    messages.success(request, _("Saved as a draft."))
                return redirect(saved.get_absolute_url())
    else:
        initial = {}
        if record is None and COUNTRY_CODE.fullmatch(request.GET.get("country", "")):
            # The workspace's "Add" links name the country; only one the user reports for.
            chosen = (
                permissions.countries_user_reports_for(user)
                .filter(code=request.GET["country"].upper())
                .first()
            )
            if chosen is not None:
                initial["country"] = chosen.pk
        form = form_class(instance=instance, user=user, initial=initial)
    context = {
        "form": form,
        "record": record,
        "title": edit_title if record is not None else add_title,
        "is_published": record is not None and record.live,
    }
    return render(request, "reporting/record_form.html", context)


def history(request, kind, uuid):
    """What changed: each published version against the one before it, for everyone who may
    see the record; the changes not yet published, for whoever may edit it."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    record = (
        permissions.visible(request.user, model).select_related("country").filter(uuid=uuid).first()
    )
    if record is None:
        raise Http404
    can_edit = permissions.can_edit(request.user, record)
    context = {
        "record": record,
        "can_edit": can_edit,
        "versions": record_history.published_versions(record, request.user),
        "pending": record_history.unpublished_changes(record) if can_edit else None,
        "previous_report": (
            record_history.compare_with_previous_report(record)
            if isinstance(record, NationalReport) and record.live
            else None
        ),
        "is_public": record.live,
        "draft_status": ReviewStatus.DRAFT,
    }
    return render(request, "reporting/history.html", context)
