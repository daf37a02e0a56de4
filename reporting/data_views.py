"""Indicator data pages: a series' form, the CSV upload, the template file and a series as CSV.

Focal points (and editors) write here; everyone else is sent to sign in (visitors) or refused
(members who report for no country). A series is found among those the user may edit
(``permissions.editable``), so another country's series is a 404 whatever the address says;
the country of a new series or upload must be one the user reports for, and the services check
it again. Nothing here saves a record itself: ``services`` and ``indicator_data.run`` do.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import indicator_data, permissions, services
from .data_forms import SeriesForm, UploadForm, active_language
from .models import DataSeries

# Spreadsheets run a cell that starts with one of these as a formula: exported text cells are
# prefixed with an apostrophe (OWASP's "CSV injection" advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _reporter_only(request):
    if not permissions.is_reporter(request.user):
        raise PermissionDenied(_("Only national focal points and editors report data."))


@login_required
def series_add(request):
    _reporter_only(request)
    initial = {}
    if request.method == "GET" and request.GET.get("country", "").isalpha():
        initial["country"] = request.GET["country"].upper()[:2]
    form = SeriesForm(
        request.POST or None, instance=DataSeries(), initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        series = form.save(commit=False)
        series.country = form.cleaned_data["country"]
        try:
            services.create(request.user, series)
        except PermissionDenied as refusal:
            form.add_error("country", str(refusal))
        else:
            messages.success(
                request, _("The data series is saved as a draft. Submit it for review when ready.")
            )
            return redirect(series.get_absolute_url())
    return render(request, "reporting/data_series_form.html", {"form": form, "series": None})


@login_required
def series_edit(request, uuid):
    series = permissions.editable(request.user, DataSeries).filter(uuid=uuid).first()
    if series is None:
        raise Http404
    edited = series.get_latest_revision_as_object()
    form = SeriesForm(request.POST or None, instance=edited, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_changes(request.user, form.save(commit=False))
        except PermissionDenied:
            raise Http404 from None
        messages.success(
            request,
            _("Your changes are saved as a draft. Submit them for review to publish them."),
        )
        return redirect(series.get_absolute_url())
    return render(request, "reporting/data_series_form.html", {"form": form, "series": series})


@login_required
def data_upload(request):
    """Upload a CSV file: check it (``intent=check``) or import it. A file with any bad row
    imports nothing and lists the errors by line; the file itself is read again on every
    submission, never carried in hidden fields."""
    _reporter_only(request)
    initial = {}
    if request.GET.get("country", "").isalpha():
        initial["country"] = request.GET["country"].upper()[:2]
    form = UploadForm(
        request.POST or None, request.FILES or None, initial=initial, user=request.user
    )
    context = {
        "form": form,
        "columns": [
            (name, name in indicator_data.REQUIRED_COLUMNS, indicator_data.COLUMN_HELP[name])
            for name in indicator_data.COLUMNS
        ],
        "max_errors": indicator_data.MAX_ERRORS_SHOWN,
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        country = form.cleaned_data["country"]
        raw = upload.read(indicator_data.MAX_BYTES + 1)
        parsed = indicator_data.parse(raw, country)
        context.update(parsed=parsed, file_name=upload.name, country=country)
        if not parsed.errors:
            language = active_language()
            if request.POST.get("intent") != "import":
                context["changes"] = indicator_data.plan(parsed, language=language)
            else:
                try:
                    written = indicator_data.import_parsed(request.user, parsed, language)
                except PermissionDenied as refusal:
                    form.add_error("country", str(refusal))
                else:
                    context["written"] = written
                    if written:
                        messages.success(
                            request,
                            ngettext(
                                "%(count)s data series saved as a draft: submit it for review.",
                                "%(count)s data series saved as drafts: submit them for review.",
                                len(written),
                            )
                            % {"count": len(written)},
                        )
                    else:
                        messages.info(request, _("The file changes nothing: no series was saved."))
    return render(request, "reporting/data_upload.html", context)


def _csv_response(rows, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(row)
    return response


def data_template(request):
    """The CSV template the upload page documents (the header and example rows)."""
    return _csv_response(indicator_data.TEMPLATE_ROWS, "indicator-data-template.csv")


def _safe_cell(value, numeric=False):
    value = str(value)
    if not numeric and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def series_csv(request, uuid):
    """A published series' published version as CSV (the upload's columns)."""
    series = (
        DataSeries.objects.published()
        .select_related("headline_indicator", "country")
        .filter(uuid=uuid)
        .first()
    )
    if series is None:
        raise Http404
    rows = indicator_data.series_rows(series)
    header = next(rows)
    safe = [header] + [
        [_safe_cell(cell, numeric=index in (1, 2)) for index, cell in enumerate(row)]
        for row in rows
    ]
    name = slugify(f"{series.country.code}-{series.title}")[:80] or "data"
    return _csv_response(safe, f"{name}.csv")
