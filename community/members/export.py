"""A member's own data, as one JSON document they download from their dashboard.

The export names no other app: each app contributes the sections about what it keeps from its
``wagtail_hooks.py`` (a Wagtail hook is a registry every app's hooks module is loaded into at
start-up)::

    from wagtail import hooks
    from community.members.export import EXPORT_HOOK

    @hooks.register(EXPORT_HOOK)
    def my_data(user):
        return {"my_records": [{"title": r.title, ...} for r in Record.objects.filter(user=user)]}

The hook receives the member and returns a dict of sections (JSON-serializable values; dates
and UUIDs are written as ISO strings). A section must hold only what is the member's own, or
about them: never another member's email, private profile or restricted records.
https://docs.wagtail.org/en/stable/reference/hooks.html
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from wagtail import hooks

EXPORT_HOOK = "register_member_data_export"
FORMAT_VERSION = 1


def member_data(user):
    """Every section the apps contribute for ``user``, in ``INSTALLED_APPS`` order."""
    data = {"format_version": FORMAT_VERSION, "exported_at": timezone.now()}
    for hook in hooks.get_hooks(EXPORT_HOOK):
        for name, section in (hook(user) or {}).items():
            if name in data:
                raise ValueError(f"Two apps export the section {name!r}.")
            data[name] = section
    return data


def member_data_json(user):
    return json.dumps(member_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def absolute_url(path):
    """Links in the export are absolute (from the one ``BASE_URL`` setting), so they still
    work once the file is saved."""
    if path.startswith(("http://", "https://")):  # another site's page, object storage
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
