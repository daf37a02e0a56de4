"""The editors' forms for reporting records in the Wagtail admin.

They validate what the focal points' forms on the site validate: indicator identifiers typed
as a list (one per line or separated by commas, each a CBD identifier), one alignment or one
progress assessment per global target, one value per year and disaggregation, a period that
does not end before it starts (the model's ``clean``). A refused form saves nothing.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import indicator_identifier

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
    once_per_record = {"progress": TARGET_ONCE}


class DataSeriesAdminForm(ReportingAdminForm):
    once_per_record = {
        "points": (
            ("year", "disaggregation"),
            _("This year already has a value for this disaggregation."),
        )
    }
