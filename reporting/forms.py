"""The forms national focal points write their country's records with.

Each is a ``modelcluster`` ``ClusterForm``: the record and its children (documents,
alignments, national indicators, progress per target) are bound together and saved in memory
(``form.save(commit=False)``); ``services.create`` / ``services.save_changes`` then write them
in one transaction as a new revision. A form never decides who may do what: the country is a
choice among the countries the user reports for only when creating, absent when editing, and
the services check it again from the stored record.

Every choice of a database record is a bounded choice field (``bounded_formfield``), so a
forged or out-of-range id is a form error, never a server error.
"""

import os
import re

from modelcluster.forms import BaseChildFormSet, ClusterForm

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from taxonomy.forms import ModelChoiceField, bounded_formfield
from taxonomy.models import Goal, HeadlineIndicator, Language, Target

from . import permissions
from .models import (
    NBSAP,
    DataSeries,
    NationalReport,
    NationalTarget,
    indicator_identifier,
)

# Documents of an NBSAP: the types and size a focal point may upload.
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "odt")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# What each accepted type's file starts with: a renamed executable or image is refused.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE2 compound file
    "docx": (b"PK\x03\x04",),  # a zip (Office Open XML)
    "odt": (b"PK\x03\x04",),  # a zip (OpenDocument)
}
# Blank rows offered under each list (there is no JavaScript to add more: save, and more come).
EXTRA_ROWS = 2


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def active_language():
    """The ``Language`` of the page being read (``zh-hans`` is the taxonomy's ``zh``)."""
    code = (get_language() or "en").split("-")[0]
    return Language.objects.filter(code=code).first()


def validate_document(upload):
    """A PDF, DOC, DOCX or ODT file of at most ``DOCUMENT_MAX_BYTES``."""
    extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an accepted type: use %(types)s.")
            % {"name": upload.name, "types": ", ".join(e.upper() for e in DOCUMENT_EXTENSIONS)}
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(DOCUMENT_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” is not a %(type)s file.")
            % {"name": upload.name, "type": extension.upper()}
        )


class IdentifierListField(forms.CharField):
    """CBD indicator identifiers typed as a list (one per line, or separated by commas),
    each checked against the CBD pattern; the value is a list without repeats."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "One per line or separated by commas, e.g. GBF-INDICATOR-143 or "
                "KMGBF-INDICATOR-BIN-1."
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        items = []
        for item in re.split(r"[\s,;]+", text):
            item = item.strip().upper()
            if item and item not in items:
                items.append(item)
        return items

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        wrong = []
        for item in value:
            try:
                indicator_identifier(item)
            except ValidationError:
                wrong.append(item)
        if wrong:
            raise ValidationError(
                _("Not a CBD indicator identifier: %(items)s. Use e.g. GBF-INDICATOR-143.")
                % {"items": ", ".join(wrong)}
            )

    def run_validators(self, value):
        """Each identifier was checked in ``validate``; the list itself has no length limit
        beyond what a textarea holds."""


class RowFormSet(BaseChildFormSet):
    """A list of child rows. Blank extra rows are ignored; a row's "Remove" deletes it."""

    # The field whose value may appear only once in the list, and the message if it repeats.
    once_field = None
    once_message = ""

    def add_fields(self, form, index):
        """Rows keep the order they are shown in: modelcluster orders ``Orderable`` rows by
        an "Order" field, which is hidden here and numbered by position (there is no
        JavaScript to drag rows)."""
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()
            if index is not None:
                form.fields["ORDER"].initial = index + 1

    def clean(self):
        """The repeat check first: it names the field as a reader knows it (the base class's
        uniqueness check would name the columns)."""
        if self.once_field:
            self.check_once()
        super().clean()

    def check_once(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            value = form.cleaned_data.get(self.once_field)
            if value is None:
                continue
            if value in seen:
                form.add_error(self.once_field, self.once_message)
                raise ValidationError(self.once_message)
            seen.add(value)


class RecordForm(ClusterForm):
    """What the three record forms share: the country (a choice among the user's countries,
    when creating only), "written in", fieldsets for the template, and the list of errors
    the summary at the top of the page links to."""

    # (legend, field names): the form is shown in these fieldsets, in this order.
    layout = ()
    # (formset name, legend, help): the lists under the form.
    formset_layout = ()

    country = ModelChoiceField(queryset=None, label=_("Country"), empty_label=None)
    language = ModelChoiceField(
        Language.objects.all(),
        label=_("Written in"),
        required=False,
        help_text=_("The language of the text you write here."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            countries = permissions.countries_user_reports_for(user).order_by("name")
            self.fields["country"].queryset = countries
            if countries.count() == 1 and not self.initial.get("country"):
                self.initial["country"] = countries.first().pk
        else:
            del self.fields["country"]
        if self.instance.pk is None and not self.initial.get("language"):
            language = active_language()
            self.initial["language"] = language.pk if language else None
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = _date_input()

    @property
    def record_country(self):
        """The record's country: the stored one when editing, the chosen one when creating
        (``None`` while it is not a valid choice)."""
        if self.instance.pk is not None:
            return self.instance.country
        if hasattr(self, "cleaned_data"):
            return self.cleaned_data.get("country")
        return None

    def fieldsets(self):
        named = set()
        groups = []
        for legend, names in self.layout:
            fields = [self[name] for name in names if name in self.fields]
            named.update(names)
            if fields:
                groups.append((legend, fields))
        rest = [self[name] for name in self.fields if name not in named]
        if rest:
            groups.append((_("Other details"), rest))
        return groups

    def formset_sections(self):
        return [
            (self.formsets[name], legend, help_text)
            for name, legend, help_text in self.formset_layout
            if name in self.formsets
        ]

    def error_list(self):
        """``(anchor id, label, message)`` for every error of the form and its lists, in
        page order, for the summary at the top."""
        errors = [(None, None, error) for error in self.non_field_errors()]
        for field in self:
            for error in field.errors:
                errors.append((field.auto_id, field.label, error))
        for formset, legend, _help in self.formset_sections():
            for error in formset.non_form_errors():
                errors.append((f"{formset.prefix}-section", legend, error))
            for index, form in enumerate(formset.forms, start=1):
                for error in form.non_field_errors():
                    errors.append((f"{formset.prefix}-section", f"{legend} {index}", error))
                for field in form:
                    for error in field.errors:
                        errors.append((field.auto_id, f"{legend} {index}: {field.label}", error))
        return errors

    def has_errors(self):
        return self.is_bound and bool(self.error_list())

    def store_uploads(self):
        """Write uploaded files to storage. A published record's new version lives in a
        revision only (its columns are not saved), so files must be stored before the
        revision names them."""


def _formset_options(fields, formset=RowFormSet, **options):
    options = {
        "fields": fields,
        "extra": EXTRA_ROWS,
        "can_delete": True,
        "formset": formset,
        **options,
    }
    return options


# -- NBSAP ----------------------------------------------------------------------------------------


class DocumentForm(forms.ModelForm):
    """One document of the strategy: a link, an uploaded file, or both."""

    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        fields = ["name", "url", "file", "language"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.errors:
            raise ValidationError(_("Give a link to the document or upload it."))
        return data


class NBSAPForm(RecordForm):
    layout = (
        (_("The strategy"), ("country", "title", "summary", "language")),
        (
            _("Period and adoption"),
            (
                "start_date",
                "end_date",
                "document_status",
                "adoption_date",
                "approving_body",
                "approving_body_info",
            ),
        ),
        (
            _("Scope"),
            ("jurisdiction", "jurisdiction_info", "is_gbf_aligned", "languages"),
        ),
        (_("Other information"), ("relevant_information",)),
    )
    formset_layout = (
        (
            "documents",
            _("Documents"),
            _(
                "A link or an uploaded file (PDF, DOC, DOCX or ODT, at most %(size)s) for each "
                "document. Save to get more empty rows."
            )
            % {"size": filesizeformat(DOCUMENT_MAX_BYTES)},
        ),
    )

    class Meta:
        model = NBSAP
        formfield_callback = bounded_formfield
        fields = [
            "country",
            "title",
            "summary",
            "language",
            "start_date",
            "end_date",
            "document_status",
            "adoption_date",
            "approving_body",
            "approving_body_info",
            "jurisdiction",
            "jurisdiction_info",
            "is_gbf_aligned",
            "languages",
            "relevant_information",
        ]
        widgets = {"languages": forms.CheckboxSelectMultiple}
        formsets = {
            "documents": _formset_options(["name", "url", "file", "language"], form=DocumentForm)
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The period cannot end before it starts."))
        return data

    def store_uploads(self):
        for form in self.formsets["documents"].forms:
            upload = form.cleaned_data.get("file") if hasattr(form, "cleaned_data") else None
            document = form.instance
            if upload and not document.file._committed:
                document.file.save(upload.name, upload, save=False)


# -- National target ------------------------------------------------------------------------------


class AlignmentFormSet(RowFormSet):
    once_field = "target"
    once_message = _("Each global target can be named only once.")


class NationalTargetForm(RecordForm):
    component_indicators = IdentifierListField(label=_("Component indicators"))
    complementary_indicators = IdentifierListField(label=_("Complementary indicators"))
    binary_indicators = IdentifierListField(label=_("Binary indicators"))

    layout = (
        (_("The target"), ("country", "sequence", "title", "description", "language")),
        (_("Alignment"), ("global_goals", "degree_of_alignment_info")),
        (
            _("Indicators"),
            (
                "headline_indicators",
                "component_indicators",
                "complementary_indicators",
                "binary_indicators",
            ),
        ),
        (
            _("Implementation"),
            (
                "implementation_considerations",
                "main_policy",
                "has_non_state_actors",
                "non_state_actor_commitments",
                "additional_implementation",
                "additional_implementation_info",
                "additional_information",
            ),
        ),
    )
    formset_layout = (
        (
            "alignments",
            _("Global targets it aligns with"),
            _(
                "Each global target once, with the degree of alignment. Save to get more "
                "empty rows."
            ),
        ),
        (
            "national_indicators",
            _("National indicators"),
            _("Indicators your country defined for this target."),
        ),
    )

    class Meta:
        model = NationalTarget
        formfield_callback = bounded_formfield
        fields = [
            "country",
            "sequence",
            "title",
            "description",
            "language",
            "global_goals",
            "degree_of_alignment_info",
            "headline_indicators",
            "component_indicators",
            "complementary_indicators",
            "binary_indicators",
            "implementation_considerations",
            "main_policy",
            "has_non_state_actors",
            "non_state_actor_commitments",
            "additional_implementation",
            "additional_implementation_info",
            "additional_information",
        ]
        widgets = {
            "global_goals": forms.CheckboxSelectMultiple,
            "headline_indicators": forms.CheckboxSelectMultiple,
        }
        formsets = {
            "alignments": _formset_options(["target", "degree"], formset=AlignmentFormSet),
            "national_indicators": _formset_options(["title"]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["global_goals"].queryset = Goal.objects.order_by("letter")
        self.fields["headline_indicators"].queryset = HeadlineIndicator.objects.order_by("code")
        for form in self.formsets["alignments"].forms:
            form.fields["target"].queryset = Target.objects.order_by("number")


# -- National report ------------------------------------------------------------------------------


def evidence_link_lines(text):
    """Check "label | URL" lines (the label optional); returns the cleaned text."""
    validate = URLValidator(schemes=["http", "https"])
    lines = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, _sep, url = line.rpartition("|")
        url = url.strip()
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s: “%(url)s” is not a web address (https://…).")
                % {"number": number, "url": url[:200]}
            ) from None
        lines.append(f"{label.strip()} | {url}" if label.strip() else url)
    return "\n".join(lines)


class ProgressForm(forms.ModelForm):
    """Progress towards one global target. The evidence series are the record's country's
    data series: ``series_choices`` is set by the report form."""

    evidence_series = forms.MultipleChoiceField(
        label=_("Data series"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Data series of the report's country that show this progress."),
    )

    class Meta:
        fields = ["target", "level", "narrative", "evidence_series", "evidence_links"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "evidence_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, series_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Target.objects.order_by("number")
        self.fields["evidence_series"].choices = list(series_choices or ())
        self.fields["evidence_links"].help_text = _(
            "One per line: “label | https://…”, or just the address."
        )

    def clean_evidence_links(self):
        return evidence_link_lines(self.cleaned_data.get("evidence_links"))


class ProgressFormSet(RowFormSet):
    once_field = "target"
    once_message = _("Each global target can be assessed only once in a report.")


class NationalReportForm(RecordForm):
    layout = (
        (
            _("The report"),
            ("country", "title", "cycle", "submitted_on", "summary", "language"),
        ),
        (_("Other information"), ("additional_information",)),
    )
    formset_layout = (
        (
            "progress",
            _("Progress towards the global targets"),
            _("One row per global target. Save to get more empty rows."),
        ),
    )

    class Meta:
        model = NationalReport
        formfield_callback = bounded_formfield
        fields = [
            "country",
            "title",
            "cycle",
            "submitted_on",
            "summary",
            "language",
            "additional_information",
        ]
        formsets = {
            "progress": _formset_options(
                ["target", "level", "narrative", "evidence_series", "evidence_links"],
                formset=ProgressFormSet,
                form=ProgressForm,
                inherit_kwargs=["series_choices"],
            )
        }

    def __init__(self, *args, user, **kwargs):
        # The evidence choices must exist before the formsets are built: the progress rows
        # inherit ``series_choices`` from the form (``inherit_kwargs`` in ``Meta.formsets``).
        instance = kwargs.get("instance")
        data = args[0] if args else kwargs.get("data")
        chosen = data.get("country") if data is not None else None
        if chosen is None:
            chosen = (kwargs.get("initial") or {}).get("country")
        series = self.series_for(user, instance, chosen)
        self._series_by_uuid = {str(s.uuid): s for s in series}
        self.series_choices = [(str(s.uuid), self.series_label(s, instance)) for s in series]
        super().__init__(*args, user=user, **kwargs)

    def is_valid(self):
        """Valid, and every evidence series is one of the record's country's (a uuid of
        another country's series, posted by hand, is refused)."""
        valid = super().is_valid()
        country = self.record_country
        if not valid or country is None:
            return valid
        message = _("Evidence can only be data series of the report's country.")
        for form in self.formsets["progress"].forms:
            if not hasattr(form, "cleaned_data") or self.formsets["progress"]._should_delete_form(
                form
            ):
                continue
            for uuid in form.cleaned_data.get("evidence_series") or []:
                series = self._series_by_uuid.get(uuid)
                if series is None or series.country_id != country.pk:
                    form.add_error("evidence_series", message)
                    valid = False
                    break
        if not valid:
            self.add_error(None, message)
        return valid

    @staticmethod
    def series_for(user, instance, chosen_country=None):
        """The data series evidence may name: the record's country's when editing; when
        creating, those of the chosen country (the posted one, or the one the workspace's
        link names) if the user reports for it, else those of all the countries a focal point
        reports for (none for an editor, who reports for every country, until one is chosen).
        ``is_valid`` checks them against the record's country again."""
        queryset = DataSeries.objects.select_related("country").order_by("country__name", "title")
        if instance is not None and instance.pk is not None:
            return list(queryset.filter(country_id=instance.country_id))
        countries = permissions.countries_user_reports_for(user)
        chosen = str(chosen_country or "")
        if chosen.isdigit() and len(chosen) < 10:
            return list(queryset.filter(country__in=countries, country_id=int(chosen)))
        if permissions.acts_for_all_countries(user):
            return []
        return list(queryset.filter(country__in=countries))

    @staticmethod
    def series_label(series, instance):
        if instance is not None and instance.pk is not None:
            return series.title
        return f"{series.title} ({series.country.label})"
