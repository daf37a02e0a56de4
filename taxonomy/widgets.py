"""Admin widgets for classifying records: checkbox lists grouped and filterable as you type.

A multi-select box loses every earlier choice on a click without Ctrl; checkboxes keep them.
Targets are grouped by the framework's sections, countries by UN region, and a search box
(progressive enhancement, ``taxonomy/js/checkbox-filter.js``; no inline script) hides the
choices whose label does not contain the text typed. Without JavaScript it is the full list.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in groups (``group_by(obj)`` → group label), with a filter box above."""

    template_name = "taxonomy/widgets/filterable_checkboxes.html"

    def __init__(self, *args, group_by=None, select_related=(), filter_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_by = group_by
        self.select_related = select_related
        self.filter_label = filter_label or _("Filter the list")

    class Media:
        js = ["taxonomy/js/checkbox-filter.js"]

    def optgroups(self, name, value, attrs=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None and self.select_related:
            self.choices.queryset = queryset.select_related(*self.select_related)
        groups = super().optgroups(name, value, attrs)
        if self.group_by is None:
            return groups
        regrouped = {}
        for _group, options, _index in groups:
            for option in options:
                instance = getattr(option["value"], "instance", None)
                label = self.group_by(instance) if instance is not None else ""
                regrouped.setdefault(label, []).append(option)
        return [(label, options, index) for index, (label, options) in enumerate(regrouped.items())]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context


def target_section(target):
    return target.get_section_display()


def country_region(country):
    return country.region.label if country.region_id else ""
