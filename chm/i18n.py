"""How pages translate with wagtail-localize (issue 11).

wagtail-localize decides, field by field, whether a translation gets its own text (a
``TranslatableField``: titles, introductions, bodies) or a copy of the source's value kept in
step with it (a ``SynchronizedField``: dates, links, choices). Its automatic choice skips
many-to-many fields altogether, so without help a translated page would lose the source's
KMGBF targets, countries and thematic areas, and drop out of every filtered listing in its
language. The functions here add what the automatic choice leaves out; chm's AppConfig.ready
runs them once the models are loaded.
https://wagtail-localize.org/stable/concept/translatable-fields-autogen/
"""

from modelcluster.fields import ParentalManyToManyField

from django.apps import apps

from wagtail.models import Page

# The classification every public page carries (taxonomy.models.ClassifiedPage). A translation
# is the same record in another language, so it is classified the same way as its source.
CLASSIFICATION_FIELDS = ("targets", "countries", "thematic_areas")


def synchronize_classification():
    """Declare every page's ParentalManyToMany fields (the classification and any other,
    e.g. an event's working languages) as synchronized from the source.

    It extends whatever ``translatable_fields`` the model already has (wagtail-localize's
    automatic list, or one another function here has set), so the order in which ready()
    calls these functions does not matter.
    """
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        names = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, ParentalManyToManyField)
        ]
        if not names:
            continue
        fields = list(get_translatable_fields(model))
        declared = {field.field_name for field in fields}
        fields += [SynchronizedField(name) for name in names if name not in declared]
        model.translatable_fields = fields


def localized_pages(source_pages, locale=None):
    """The pages of ``source_pages`` (a queryset in the source language), each replaced by its
    live translation into ``locale`` (the active one by default) where there is one, in the
    source queryset's order, in one query.

    Menus are built from the source tree, so an untranslated page still has its entry (the
    routing fallback serves it in the visitor's language prefix) and a translated one shows
    its translated title. Visibility (live, public) is checked on the page actually linked.
    Returns plain ``Page`` objects: menus need titles and URLs, not each type's fields.
    """
    from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When

    from wagtail.models import Locale

    locale = locale or Locale.get_active()
    private = Page.objects.all().private_q()
    source_pages = source_pages.exclude(private)
    pages = (
        Page.objects.filter(translation_key__in=source_pages.values("translation_key"))
        .filter(Q(pk__in=source_pages.values("pk")) | Q(locale_id=locale.pk))
        .live()
        .exclude(private)
        .annotate(
            source_path=Subquery(
                source_pages.filter(translation_key=OuterRef("translation_key")).values("path")[:1]
            ),
            preferred=Case(
                When(locale_id=locale.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("source_path", "preferred")
    )
    chosen = {}
    for page in pages:
        chosen.setdefault(page.translation_key, page)
    return list(chosen.values())
