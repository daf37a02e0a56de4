"""The assistance types (Bio-Bridge's domain 441381DA-856A-4E89-8568-9EBE7145FA50) in the six UN
languages, and the helpdesk permission for Wagtail's Editors group.

The CBD thesaurus identifiers of two types are the ones Bio-Bridge records carry; the others
have none known yet and are exchanged by their slug.
"""

from django.db import migrations

ASSISTANCE_TYPES = [
    (
        "capacity-building",
        "Capacity building",
        "",
        {
            "fr": "Renforcement des capacités",
            "es": "Creación de capacidad",
            "ar": "بناء القدرات",
            "ru": "Наращивание потенциала",
            "zh": "能力建设",
        },
    ),
    (
        "technical-assistance",
        "Technical assistance",
        "D9F0B7C0-E6F6-DABF-9C86-269BDEFDA9AA",
        {
            "fr": "Assistance technique",
            "es": "Asistencia técnica",
            "ar": "المساعدة التقنية",
            "ru": "Техническая помощь",
            "zh": "技术援助",
        },
    ),
    (
        "technology-transfer",
        "Technology transfer",
        "",
        {
            "fr": "Transfert de technologie",
            "es": "Transferencia de tecnología",
            "ar": "نقل التكنولوجيا",
            "ru": "Передача технологий",
            "zh": "技术转让",
        },
    ),
    (
        "training",
        "Training",
        "0DD6A32C-C059-F534-D7BF-C82D73D9C869",
        {
            "fr": "Formation",
            "es": "Formación",
            "ar": "التدريب",
            "ru": "Обучение",
            "zh": "培训",
        },
    ),
    (
        "data-and-tools",
        "Data and tools",
        "",
        {
            "fr": "Données et outils",
            "es": "Datos y herramientas",
            "ar": "البيانات والأدوات",
            "ru": "Данные и инструменты",
            "zh": "数据和工具",
        },
    ),
    (
        "funding",
        "Funding",
        "",
        {
            "fr": "Financement",
            "es": "Financiación",
            "ar": "التمويل",
            "ru": "Финансирование",
            "zh": "资金",
        },
    ),
    (
        "scientific-cooperation",
        "Scientific cooperation",
        "",
        {
            "fr": "Coopération scientifique",
            "es": "Cooperación científica",
            "ar": "التعاون العلمي",
            "ru": "Научное сотрудничество",
            "zh": "科学合作",
        },
    ),
]

HELPDESK_GROUPS = ["Editors"]


def load(apps, schema_editor):
    AssistanceType = apps.get_model("cooperation", "AssistanceType")
    for order, (slug, name, cbd_identifier, translations) in enumerate(ASSISTANCE_TYPES):
        AssistanceType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "cbd_identifier": cbd_identifier,
                "translations": translations,
                "sort_order": order,
            },
        )
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="cooperation", model="supportrequest"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="act_as_helpdesk",
        defaults={"name": "Can vet requests and offers and review matches"},
    )
    for group in Group.objects.filter(name__in=HELPDESK_GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
