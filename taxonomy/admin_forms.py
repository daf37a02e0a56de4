"""The editor's form for a taxonomy term's translations.

Each of the five languages other than English gets its own fields (label, full text where the
term has one, status and source) instead of a raw JSON box, so an editor cannot submit a
malformed translation or an unknown language; the term's English stays in its own fields. An
editor who saves a language marks it ``edited``, so reloading the shipped data keeps the work;
marking a text official needs its source (a CBD decision, UN M49...). Translations received
elsewhere (a CBD lstring, another portal's export) can be pasted as JSON; the paste is checked
(``translations.validation_errors``) and refused with a message saying what is wrong.
"""

import json

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel

from . import translations as i18n

SOURCE_MAX_LENGTH = 200
STATUS_CHOICES = [
    (i18n.DRAFT, _("Draft, awaiting review")),
    (i18n.OFFICIAL, _("Official text (reviewed)")),
]


def field_prefix(code):
    return "translation_" + code.replace("-", "_")


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


class TermTranslationsForm(WagtailAdminModelForm):
    """Reads and writes ``translations`` through the per-language fields declared by
    ``translation_form_class``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in i18n.TRANSLATED_LANGUAGES:
            found = i18n.entry(self.instance.translations, code) or {}
            prefix = field_prefix(code)
            for key in ("label", "text", "source"):
                name = f"{prefix}_{key}"
                if name in self.fields:
                    self.fields[name].initial = found.get(key, "")
            self.fields[f"{prefix}_status"].initial = found.get("status", i18n.DRAFT)

    def clean(self):
        cleaned = super().clean()
        has_text = bool(self._meta.model.text_field)
        updated = i18n.upgrade(self.instance.translations)
        imported = self._clean_import(cleaned.get("translations_import"), has_text)
        for code in i18n.TRANSLATED_LANGUAGES:
            prefix = field_prefix(code)
            label = (cleaned.get(f"{prefix}_label") or "").strip()
            text = (cleaned.get(f"{prefix}_text") or "").strip() if has_text else ""
            status = cleaned.get(f"{prefix}_status") or i18n.DRAFT
            source = (cleaned.get(f"{prefix}_source") or "").strip()
            if not (label or text):
                if status == i18n.OFFICIAL or source:
                    self.add_error(
                        f"{prefix}_label",
                        _("Give the translated label before marking it official or sourced."),
                    )
                updated.pop(code, None)
                continue
            if not label:
                self.add_error(f"{prefix}_label", _("A translated text needs its label too."))
                continue
            if status == i18n.OFFICIAL and not source:
                self.add_error(
                    f"{prefix}_source",
                    _("Name the official source of this text, e.g. “CBD decision 15/4”."),
                )
                continue
            value = {"label": label, "status": status}
            if text:
                value["text"] = text
            if source:
                value["source"] = source
            previous = updated.get(code, {})
            unchanged = {k: v for k, v in previous.items() if k != "edited"} == value
            if previous.get("edited") or not unchanged:
                value["edited"] = True
            updated[code] = value
        for code, value in imported.items():
            updated[code] = {**value, "edited": True}
        self.cleaned_translations = updated
        return cleaned

    def _clean_import(self, pasted, has_text):
        """The pasted JSON in the current shape, or {} (with the form's errors set)."""
        if not (pasted or "").strip():
            return {}
        try:
            value = json.loads(pasted)
        except ValueError as error:
            self.add_error(
                "translations_import",
                _("This is not valid JSON (%(error)s).") % {"error": error},
            )
            return {}
        label_max_length = self._meta.model._meta.get_field(self._meta.model.label_field).max_length
        errors = i18n.validation_errors(value, has_text=has_text, label_max_length=label_max_length)
        if errors:
            for error in errors:
                self.add_error("translations_import", error)
            return {}
        return i18n.upgrade(value)

    def save(self, commit=True):
        if hasattr(self, "cleaned_translations"):
            self.instance.translations = self.cleaned_translations
        return super().save(commit=commit)


def translation_form_class(model):
    """A ``TermTranslationsForm`` subclass with the per-language fields ``model`` needs."""
    label_max_length = model._meta.get_field(model.label_field).max_length
    attrs = {}
    for code in i18n.TRANSLATED_LANGUAGES:
        prefix = field_prefix(code)
        attrs[f"{prefix}_label"] = forms.CharField(
            label=_("Label"),
            required=False,
            max_length=label_max_length,
            widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
        )
        if model.text_field:
            attrs[f"{prefix}_text"] = forms.CharField(
                label=_("Full text"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"lang": code, "dir": "auto", "rows": 5}),
            )
        attrs[f"{prefix}_status"] = forms.ChoiceField(
            label=_("Status"), choices=STATUS_CHOICES, required=False
        )
        attrs[f"{prefix}_source"] = forms.CharField(
            label=_("Source of the official text"),
            required=False,
            max_length=SOURCE_MAX_LENGTH,
            help_text=_("Required for an official text, e.g. “CBD decision 15/4” or “UN M49”."),
        )
    attrs["translations_import"] = forms.CharField(
        label=_("Paste translations (JSON)"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
        help_text=_(
            'Optional. A CBD lstring such as {"fr": "…", "es": "…"} (saved as drafts) or '
            '{"fr": {"label": "…", "status": "official", "source": "CBD decision 15/4"}}. '
            "Languages pasted here replace the fields above."
        ),
    )
    return type(f"{model.__name__}TranslationsForm", (TermTranslationsForm,), attrs)


class TranslationStatusPanel(Panel):
    """Read-only: which languages of this term are official, draft or missing."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "taxonomy/admin/translation_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            overview = self.instance.translation_overview() if self.instance.pk else []
            context["overview"] = [(p, language_name(p.language)) for p in overview]
            return context


def translation_panels(model):
    """The status panel and one collapsible group of fields per language."""
    panels = [TranslationStatusPanel(heading=_("Translations"))]
    for code in i18n.TRANSLATED_LANGUAGES:
        prefix = field_prefix(code)
        keys = (
            ["label", "text", "status", "source"]
            if model.text_field
            else ["label", "status", "source"]
        )
        panels.append(
            MultiFieldPanel(
                [FieldPanel(f"{prefix}_{key}") for key in keys],
                heading=language_name(code),
                classname="collapsed",
            )
        )
    panels.append(
        MultiFieldPanel(
            [FieldPanel("translations_import")],
            heading=_("Import translations"),
            classname="collapsed",
        )
    )
    return panels
