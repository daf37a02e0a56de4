"""Editors oversee every country's reporting records in the admin: Wagtail's Editors group may
add, change, publish, view and delete them, its Moderators change, publish and view them
(superusers may anyway). Groups can be changed later in Settings > Groups."""

from django.db import migrations

MODELS = {
    "nbsap": "NBSAP",
    "nationaltarget": "national target",
    "dataseries": "data series",
    "nationalreport": "national report",
}
GRANTS = {
    "Editors": ["add", "change", "delete", "view", "publish"],
    "Moderators": ["change", "view", "publish"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, actions in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, verbose_name in MODELS.items():
            content_type, _created = ContentType.objects.get_or_create(
                app_label="reporting", model=model
            )
            for action in actions:
                permission, _created = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
