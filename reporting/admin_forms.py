"""The editors' forms for reporting records in the Wagtail admin.

They validate what the focal points' forms on the site validate: indicator identifiers typed
as a list (one per line or separated by commas, each a CBD identifier), one alignment or one
progress assessment per global target, one value per year and disaggregation, a period that
does not end before it starts (the model's ``clean``). A refused form saves nothing.
"""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import DataSeries, indicator_identifier

_SEPARATORS = re.compile(r"[\s,;]+")


class IdentifierListField(forms.CharField):
    """A list of CBD indicator identifiers, typed one per line (or separated by commas) and
    stored as a JSON list, instead of raw JSON an editor would have to quote."""

    widget = forms.Textarea(attrs={"rows": 3, "dir": "ltr", "spellcheck": "false"})
    default_help_text = _(
        "One CBD indicator identifier per line, e.g. GBF-INDICATOR-143 or KMGBF-INDICATOR-BIN-1."
    )

    def __init__(self, *, max_items=100, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        self.max_items = max_items
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(item) for item in value]
        text = super().to_python(value) or ""
        items = []
        for item in _SEPARATORS.split(text.strip()):
            item = item.strip().upper()
            if item and item not in items:
                items.append(item)
        return items

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_items:
            raise ValidationError(
                _("At most %(count)s identifiers."),
                code="max_items",
                params={"count": self.max_items},
            )
        bad = []
        for item in value:
            try:
                indicator_identifier(item)
            except ValidationError:
                bad.append(item[:60])
        if bad:
            raise ValidationError(
                _("Not a CBD indicator identifier: %(items)s. %(hint)s"),
                code="invalid",
                params={"items": ", ".join(bad), "hint": indicator_identifier.message},
            )

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


def _key(value):
    return value.pk if hasattr(value, "pk") else value


def _duplicates(formset, fields, message):
    """Mark the kept forms of ``formset`` whose ``fields`` repeat another row's: another
    form's, or a stored row the posted forms leave in place (a formset posted without it).
    Returns whether any did."""
    represented = {form.instance.pk for form in formset.forms if form.instance.pk}
    seen = {
        tuple(_key(getattr(row, field)) for field in fields)
        for row in formset.get_queryset()
        if row.pk not in represented
    }
    found = False
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form in formset.deleted_forms:
            continue
        values = tuple(_key(form.cleaned_data.get(field)) for field in fields)
        if None in values or values == ("",) * len(fields):
            continue
        if values in seen:
            form.add_error(fields[0], message)
            found = True
        seen.add(values)
    return found


class ReportingAdminForm(WagtailAdminModelForm):
    """The base of the reporting snippets' edit forms."""

    # child relation -> (the fields whose values may appear only once in it, the message)
    once_per_record = {}

    def is_valid(self):
        valid = super().is_valid()
        for relation, (fields, message) in self.once_per_record.items():
            formset = self.formsets.get(relation)
            if formset is not None and formset.is_bound and _duplicates(formset, fields, message):
                valid = False
        return valid


TARGET_ONCE = (("target",), _("This global target is already listed."))


class NationalTargetAdminForm(ReportingAdminForm):
    once_per_record = {"alignments": TARGET_ONCE}

    component_indicators = IdentifierListField(label=_("component indicators"))
    complementary_indicators = IdentifierListField(label=_("complementary indicators"))
    binary_indicators = IdentifierListField(label=_("binary indicators"))


class NationalReportAdminForm(ReportingAdminForm):
    """Progress evidence as on the site: the data series are the uuids of the report's
    country's own series (a list), the documents "label | URL" lines with valid URLs."""

    once_per_record = {"progress": TARGET_ONCE}

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("progress")
        if formset is None or not formset.is_bound:
            return valid
        country = self.cleaned_data.get("country") if hasattr(self, "cleaned_data") else None
        country = country or getattr(self.instance, "country", None)
        own = set()
        if country is not None:
            own = {
                str(value)
                for value in DataSeries.objects.filter(country=country).values_list(
                    "uuid", flat=True
                )
            }
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form in formset.deleted_forms:
                continue
            if not self._check_evidence(form, own):
                valid = False
        return valid

    @staticmethod
    def _check_evidence(form, own):
        ok = True
        series = form.cleaned_data.get("evidence_series")
        if series not in (None, ""):
            items = series if isinstance(series, list) else None
            try:
                items = [str(uuid.UUID(str(item))) for item in items]
            except (TypeError, ValueError, AttributeError):
                form.add_error(
                    "evidence_series",
                    _('A list of data series identifiers, e.g. ["6f1d7a52-…"].'),
                )
                ok = False
            else:
                if not set(items) <= own:
                    form.add_error(
                        "evidence_series", _("Choose data series of the report's country.")
                    )
                    ok = False
                else:
                    form.cleaned_data["evidence_series"] = items
                    form.instance.evidence_series = items
        validate_url = URLValidator(schemes=["http", "https"])
        for line in (form.cleaned_data.get("evidence_links") or "").splitlines():
            url = line.rpartition("|")[2].strip()
            if not line.strip():
                continue
            try:
                validate_url(url)
            except ValidationError:
                form.add_error(
                    "evidence_links",
                    _(
                        "Not a web address: %(line)s. Write one link per line, optionally "
                        "“label | URL”."
                    )
                    % {"line": line.strip()[:80]},
                )
                ok = False
                break
        return ok


class DataSeriesAdminForm(ReportingAdminForm):
    once_per_record = {
        "points": (
            ("year", "disaggregation"),
            _("This year already has a value for this disaggregation."),
        )
    }
