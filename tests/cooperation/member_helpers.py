"""Data and people the member-side cooperation tests share."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from cooperation.models import AssistanceType
from taxonomy.models import Country, Language, Target


def days(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def pks(model, field, values):
    return [
        str(pk)
        for pk in model.objects.filter(**{f"{field}__in": values}).values_list("pk", flat=True)
    ]


def request_data(**overrides):
    """A complete, valid request for support as the form posts it."""
    data = {
        "title": "Restoring mangroves around Lamu",
        "summary": "Community groups need training to restore 200 hectares of mangroves.",
        "problem": "Mangroves around Lamu were cut for firewood; **nurseries** failed.",
        "objectives": "Train 40 community members in nursery techniques.",
        "expected_outcomes": "Two working nurseries.",
        "assistance_types": pks(AssistanceType, "slug", ["training"]),
        "assistance_details": "Two weeks of field training.",
        "countries": pks(Country, "code", ["KE"]),
        "organization_name": "Lamu Youth Mangrove Group",
        "contact_name": "Amina Diallo",
        "contact_email": "amina@example.org",
        "targets": pks(Target, "number", [2]),
        "language": str(Language.objects.get(code="en").pk),
        "working_languages": pks(Language, "code", ["en", "fr"]),
        "start_date": days(60),
        "end_date": days(200),
        "budget_min": "1000",
        "budget_max": "5000",
        "currency": "usd",
        "co_financing": "",
        "existing_initiatives": "",
        "expires_on": days(180),
        "intent": "draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def offer_data(provider, **overrides):
    """A complete, valid offer as the form posts it (``provider``: "org-<id>"/"expert-<id>")."""
    data = {
        "title": "Field training in mangrove nurseries",
        "provider": provider,
        "description": "Two-week courses for community groups.",
        "assistance_types": pks(AssistanceType, "slug", ["training"]),
        "targets": pks(Target, "number", [2]),
        "language": str(Language.objects.get(code="en").pk),
        "eligibility": "Community groups.",
        "application_process": "Write to us.",
        "application_deadline": days(30),
        "capacity": "2",
        "currency": "USD",
        "contact_email": "training@example.org",
        "expires_on": days(180),
        "intent": "draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def document(name="plan.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def focal_point(country_code, name="Focal Point"):
    user = ProfileFactory(display_name=name).user
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=country_code))
    return user
