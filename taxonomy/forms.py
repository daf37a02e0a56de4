"""A reusable filter form for any listing classified with the shared taxonomy, and the choice
fields every form of the project uses for database records."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _

from .models import Country, Region, Target, ThematicArea


class BoundedKeyMixin:
    """Refuses a submitted key outside the database's integer range as an invalid choice.

    Django's model choice fields pass the submitted text to the database; an id beyond what the
    key's column holds (``2**64``) makes SQLite raise ``OverflowError`` (a server error) where
    the visitor should read "Select a valid choice". The range is the database's own for the
    key's column (``connection.ops.integer_field_range``), so it holds on every backend.

    The fields live here, in the lowest layer with forms, so that the taxonomy's own fields can
    use them; ``chm.forms`` re-exports them for every other app.
    """

    def _key_range(self):
        model = self.queryset.model
        try:
            field = model._meta.get_field(self.to_field_name) if self.to_field_name else None
        except FieldDoesNotExist:
            return None
        field = field or model._meta.pk
        while field.is_relation:  # a multi-table child's key is its parent's (page_ptr_id)
            field = field.target_field
        connection = connections[router.db_for_read(model)]
        return connection.ops.integer_field_ranges.get(field.get_internal_type())

    def _refuse_out_of_range(self, value):
        key_range = self._key_range()
        if key_range is None or isinstance(value, self.queryset.model):
            return
        try:
            number = int(str(value).strip())
        except ValueError:
            return  # not a number: Django's own checks report it
        low, high = key_range
        if not low <= number <= high:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class ModelChoiceField(BoundedKeyMixin, forms.ModelChoiceField):
    """``forms.ModelChoiceField`` that answers an out-of-range id with a form error."""

    def to_python(self, value):
        if value not in self.empty_values:
            self._refuse_out_of_range(value)
        return super().to_python(value)


class ModelMultipleChoiceField(BoundedKeyMixin, forms.ModelMultipleChoiceField):
    """``forms.ModelMultipleChoiceField`` that answers out-of-range ids with a form error."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                self._refuse_out_of_range(item)
        return super()._check_values(value)


def bounded_formfield(db_field, **kwargs):
    """A ModelForm ``formfield_callback``: relations become the bounded choice fields above."""
    if isinstance(db_field, models.ManyToManyField):  # ParentalManyToManyField too, not tags
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):  # and OneToOneField
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)


class ClassificationFieldsForm(forms.Form):
    """The shared taxonomy as form fields, for forms that classify a record (a partner page, an
    expert profile, a forum thread...). Mix it into a (Model)Form; a subclass words the labels
    for its own readers through ``classification_labels``."""

    targets = ModelMultipleChoiceField(
        Target.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("KMGBF targets"),
    )
    countries = ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Countries"),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    thematic_areas = ModelMultipleChoiceField(
        ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thematic areas"),
    )

    classification_labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.classification_labels.items():
            self.fields[name].label = label


class ClassificationFilterForm(forms.Form):
    """GET filters by target, country, region and thematic area, by their public identifiers.

    Invalid values are dropped with a message instead of raising, so a mistyped URL still
    renders the listing.
    """

    target = ModelChoiceField(
        Target.objects.all(),
        required=False,
        to_field_name="number",
        label=_("Target"),
        empty_label=_("All targets"),
    )
    country = ModelChoiceField(
        Country.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    region = ModelChoiceField(
        Region.objects.all(),
        required=False,
        to_field_name="identifier",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    thematic_area = ModelChoiceField(
        ThematicArea.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )

    def filter(self, queryset):
        """Apply the filters to a queryset of classified records, if they are all valid."""
        if not self.is_valid():
            return queryset
        return self.filter_classification(queryset, self.cleaned_data).distinct()

    def filter_classification(self, queryset, data):
        """Narrow ``queryset`` by the taxonomy values in ``data`` (cleaned values).

        A record type whose classification means something else (a partner is "in" a country
        where it is based or works) overrides this.
        """
        if data.get("target"):
            queryset = queryset.filter(classified_with(queryset, "targets", data["target"]))
        if data.get("country"):
            queryset = queryset.filter(classified_with(queryset, "countries", data["country"]))
        if data.get("region"):
            region = data["region"]
            level = "region" if region.level == "region" else "subregion"
            # The region's countries as a list of ids: through a join to the countries,
            # PostgreSQL expects one country where a region has sixty, and plans for that (a
            # region over 1,000,000 resources took 18 s; make bench-listings).
            countries = list(Country.objects.filter(**{level: region}).values_list("pk", flat=True))
            queryset = queryset.filter(classified_with(queryset, "countries", countries, "in"))
        if data.get("thematic_area"):
            queryset = queryset.filter(
                classified_with(queryset, "thematic_areas", data["thematic_area"])
            )
        return queryset


def classified_with(queryset, name, value, lookup=None):
    """A condition: the record's many-to-many ``name`` holds ``value`` (or, with ``lookup``,
    a term matching ``value`` by that lookup: ``"in"`` and a list of ids, for a region's
    countries).

    An ``EXISTS`` on the relation's own table rather than a join: a record classified with two
    matching terms is still one row, so the listing needs no ``DISTINCT`` over every column
    of its pages to show it once (at 100,000 resources that ``DISTINCT`` was most of a
    filtered request's database time; benchmark: ``make bench-listings``).
    """
    field = queryset.model._meta.get_field(name)
    through = field.remote_field.through
    term = field.m2m_reverse_field_name()
    condition = {field.m2m_field_name(): models.OuterRef("pk")}
    condition[f"{term}__{lookup}" if lookup else term] = value
    return models.Exists(through.objects.filter(**condition))


def active_language():
    """The ``Language`` of the interface being used (``zh-hans`` is the taxonomy's ``zh``)."""
    from django.utils.translation import get_language

    from .models import Language

    code = (get_language() or "en").split("-")[0]
    return Language.objects.filter(code=code).first()


class WrittenInFormMixin(forms.Form):
    """Asks a member which language they write in (issue 11): the page marks their text with it
    (``lang``/``dir``) when it differs from the reader's interface language, so browsers and
    screen readers read it right. It starts on the interface language, which also stands in
    when the field is left out (a form posted by an older page); an unknown value is an
    ordinary form error, never a server error."""

    language = ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Written in"),
        help_text=_("The language you write this in."),
    )
    # The field "Written in" follows (None: the last), unless a field_order places it.
    written_in_after = None

    def __init__(self, *args, **kwargs):
        from .models import Language

        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        field.queryset = Language.objects.filter(is_un_language=True).order_by("name")
        if not self.initial.get("language") and not field.initial:
            language = active_language()
            self.initial["language"] = language.pk if language else None
        if next(iter(self.fields)) == "language":  # placed first only by inheritance
            items = [item for item in self.fields.items() if item[0] != "language"]
            names = [name for name, _field in items]
            at = names.index(self.written_in_after) + 1 if self.written_in_after in names else None
            items.insert(len(items) if at is None else at, ("language", field))
            self.fields = dict(items)

    def clean_language(self):
        return self.cleaned_data.get("language") or active_language()
