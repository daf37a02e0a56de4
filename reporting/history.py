"""What changed between two versions of a reporting record.

Each publication is a ``ReviewStep`` pointing at the revision that was published
(``services.published_steps``), so a record's public history is its published revisions in
order, each compared with the one before it. Whoever may edit the record also sees the changes
not yet published: its latest revision against the published version.

A comparison is a list of ``Change``: for text, a word-level difference (``<del>`` and
``<ins>`` around escaped words); for a choice, a date or a number, the value before and after;
for lists (alignments, indicators, documents, progress per target), what was added, removed and
changed. Only published versions reach a visitor: drafts are compared only for editors.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from community.members.permissions import shown_member

from . import permissions, services
from .models import NBSAP, DataSeries, NationalReport, NationalTarget

# The fields a reader compares, in the order of the record's page.
FIELDS = {
    NBSAP: [
        "title",
        "summary",
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
        "language",
    ],
    NationalTarget: [
        "sequence",
        "title",
        "description",
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
        "language",
    ],
    DataSeries: [
        "title",
        "headline_indicator",
        "national_indicator_title",
        "unit",
        "source",
        "note",
        "language",
    ],
    NationalReport: [
        "title",
        "cycle",
        "submitted_on",
        "summary",
        "additional_information",
        "language",
    ],
}


@dataclass
class Change:
    """One field's change. ``kind``: "text" (``diff`` is safe HTML), "value" (``before`` →
    ``after``) or "items" (``added``, ``removed``, ``changed``: lists of strings)."""

    label: str
    kind: str
    diff: str = ""
    before: str = ""
    after: str = ""
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before, after):
    """``before`` → ``after`` word by word, as HTML: removed words in ``<del>``, added ones in
    ``<ins>``, every word escaped."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _display(record, model_field):
    value = getattr(record, model_field.name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(getattr(record, f"get_{model_field.name}_display")())
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateField):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _items(record, model_field):
    if isinstance(model_field, models.ManyToManyField):
        return [str(item) for item in getattr(record, model_field.name).all()]
    return [str(item) for item in (getattr(record, model_field.name) or [])]


def _target_label(target):
    return _("Target %(number)s") % {"number": target.number}


def _children(record):
    """The record's lists as ``{label: {key: (shown name, value)}}``, values compared."""
    lists = {}
    if isinstance(record, NBSAP):
        lists[_("Documents")] = {
            document.name: (document.name, document.href or "")
            for document in record.documents.all()
        }
    if isinstance(record, NationalTarget):
        lists[_("Alignment with global targets")] = {
            alignment.target_id: (_target_label(alignment.target), alignment.get_degree_display())
            for alignment in record.alignments.all()
        }
        lists[_("National indicators")] = {
            indicator.title: (indicator.title, "") for indicator in record.national_indicators.all()
        }
    if isinstance(record, DataSeries):
        lists[_("Data points")] = {
            (point.year, point.disaggregation): (
                f"{point.year} {point.disaggregation}".strip(),
                f"{point.value.normalize() if hasattr(point.value, 'normalize') else point.value}",
            )
            for point in record.points.all()
        }
    if isinstance(record, NationalReport):
        lists[_("Progress towards the global targets")] = {
            item.target_id: (_target_label(item.target), item.get_level_display())
            for item in record.progress.all()
        }
    return lists


def _narratives(record):
    if not isinstance(record, NationalReport):
        return {}
    return {item.target_id: (item.target, item.narrative) for item in record.progress.all()}


def compare(before, after):
    """The changes from ``before`` to ``after`` (two versions of one record)."""
    model = type(after)
    changes = []
    for name in FIELDS[model]:
        model_field = model._meta.get_field(name)
        label = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, (models.ManyToManyField, models.JSONField)):
            old, new = _items(before, model_field), _items(after, model_field)
            added = [item for item in new if item not in old]
            removed = [item for item in old if item not in new]
            if added or removed:
                changes.append(Change(label, "items", added=added, removed=removed))
        elif isinstance(model_field, models.TextField) or (
            isinstance(model_field, models.CharField) and not model_field.choices
        ):
            old, new = getattr(before, name) or "", getattr(after, name) or ""
            if old != new:
                changes.append(Change(label, "text", diff=word_diff(old, new)))
        else:
            old, new = _display(before, model_field), _display(after, model_field)
            if old != new:
                changes.append(Change(label, "value", before=old, after=new))
    old_lists, new_lists = _children(before), _children(after)
    for label, new_items in new_lists.items():
        old_items = old_lists.get(label, {})
        added = [_join(*new_items[key]) for key in new_items if key not in old_items]
        removed = [_join(*old_items[key]) for key in old_items if key not in new_items]
        changed = [
            f"{new_items[key][0]}: {old_items[key][1]} → {new_items[key][1]}"
            for key in new_items
            if key in old_items and old_items[key][1] != new_items[key][1]
        ]
        if added or removed or changed:
            changes.append(Change(label, "items", added=added, removed=removed, changed=changed))
    old_texts, new_texts = _narratives(before), _narratives(after)
    for key, (target, text) in new_texts.items():
        old_text = old_texts.get(key, (None, ""))[1]
        if old_text != text:
            label = _("%(target)s: narrative") % {"target": _target_label(target)}
            changes.append(Change(label, "text", diff=word_diff(old_text, text)))
    return changes


def _join(name, value):
    return f"{name}: {value}" if value else name


def published_versions(record, viewer):
    """The record's published versions, newest first, each with what changed since the one
    before it (``changes`` is None for the first). Who published a version is shown to
    whoever may edit the record."""
    steps = [step for step in services.published_steps(record) if step.revision is not None]
    may_edit = permissions.can_edit(viewer, record)
    versions, previous = [], None
    for number, step in enumerate(steps, start=1):
        version = step.revision.as_object()
        versions.append(
            {
                "number": number,
                "step": step,
                "published_by": (
                    shown_member(viewer, step.actor) if may_edit and step.actor_id else None
                ),
                "changes": compare(previous, version) if previous is not None else None,
            }
        )
        previous = version
    versions.reverse()
    return versions


def unpublished_changes(record):
    """For editors: the latest version against the published one (``None`` when there is
    nothing unpublished). A record never published is all new: ``changes`` is None."""
    latest = record.latest_revision
    if latest is None:
        return None
    if not record.live:
        return {"revision": latest, "changes": None}
    if latest.pk == record.live_revision_id or not record.has_unpublished_changes:
        return None
    published = record.live_revision.as_object() if record.live_revision_id else record
    return {"revision": latest, "changes": compare(published, latest.as_object())}


def compare_with_previous_report(report):
    """The progress per target in this (published) report against the country's previous
    published report, or ``None`` when there is none."""
    previous = (
        NationalReport.objects.published()
        .filter(country_id=report.country_id, cycle__lt=report.cycle)
        .order_by("-cycle")
        .prefetch_related("progress__target")
        .first()
    )
    if previous is None:
        return None
    earlier = {item.target_id: item for item in previous.progress.all()}
    now = {item.target_id: item for item in report.progress.all()}
    targets = {item.target_id: item.target for item in [*earlier.values(), *now.values()]}
    rows = []
    for target_id, target in sorted(targets.items(), key=lambda pair: pair[1].number):
        before, after = earlier.get(target_id), now.get(target_id)
        rows.append(
            {
                "target": target,
                "before": before.get_level_display() if before else None,
                "before_level": before.level if before else "",
                "after": after.get_level_display() if after else None,
                "after_level": after.level if after else "",
                "changed": (before.level if before else None) != (after.level if after else None),
            }
        )
    return {"previous": previous, "rows": rows}


def review_trail(viewer, record):
    """Every review step of ``record``, oldest first, for whoever may edit it: what was done,
    by whom (as ``viewer`` may see them) and the comment. Empty for anyone else."""
    from .workflow import ACTIONS

    if not permissions.can_edit(viewer, record):
        return []
    labels = {name: action.label for name, action in ACTIONS.items()}
    labels.update({"create": _("Created"), "edit": _("Edited: back to draft")})
    return [
        {
            "step": step,
            "label": labels.get(step.action, step.action),
            "actor": shown_member(viewer, step.actor) if step.actor_id else None,
        }
        for step in services.steps_for(record)
    ]
