"""Demo content: the "About" page translated into French and Spanish with wagtail-localize,
as an editor does it, so the demo shows a translated page and menu entry beside pages that
fall back to English (README, "Six languages"). Idempotent."""

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from wagtail.models import Locale

ABOUT = {
    "fr": {
        "title": "À propos du centre d'échange",
        "introduction": (
            "Le centre d'échange aide les Parties, les organisations partenaires, les peuples "
            "autochtones et les communautés locales, les femmes et les jeunes à partager des "
            "informations et à coopérer pour mettre en œuvre le Cadre mondial de la "
            "biodiversité de Kunming-Montréal."
        ),
    },
    "es": {
        "title": "Acerca del mecanismo de facilitación",
        "introduction": (
            "El mecanismo de facilitación ayuda a las Partes, las organizaciones asociadas, los "
            "pueblos indígenas y las comunidades locales, las mujeres y los jóvenes a compartir "
            "información y cooperar para aplicar el Marco Mundial de Biodiversidad de "
            "Kunming-Montreal."
        ),
    },
}


def translate(page, language, strings):
    """Translate ``page``'s segments named in ``strings`` (by their path: ``title``,
    ``introduction``) into ``language`` and publish; other segments stay in the source
    language until an editor translates them."""
    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = strings.get(segment.context.path)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text},
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.save_target(publish=True)
    # A page made by the first save of a translation can stay a draft (its revision is
    # written before the page is), so publish what was saved.
    translated = page.get_translation(locale)
    if not translated.live:
        translated.get_latest_revision().publish()


def seed(ctx, home):
    about = home.get_children().filter(slug="about").first()
    if about is None:
        return
    for language, strings in ABOUT.items():
        translate(about.specific, language, strings)
    ctx.log(f"'{about.title}' translated into {', '.join(ABOUT)}")
