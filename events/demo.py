"""Demo events: past and upcoming, in person, online and hybrid, in several time zones."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from chm.demo_pages import bulk_add_children
from chm.models import HomePage
from community.members.models import Profile
from community.partners.models import PartnerMembership, PartnerPage
from taxonomy.models import Country, Language, Target

from .models import EventFormat, EventIndexPage, EventPage

# (title, days from today, start hour, hours, zone, format, venue, country, targets, all-day)
EVENTS = [
    (
        "Regional NBSAP workshop for Africa",
        12,
        9,
        8,
        "Africa/Nairobi",
        "in-person",
        "UN Gigiri, Nairobi",
        "KE",
        [14, 21],
        False,
    ),
    (
        "Webinar: headline indicators in practice",
        5,
        14,
        2,
        "Europe/Paris",
        "online",
        "",
        "FR",
        [21],
        False,
    ),
    (
        "Youth biodiversity forum",
        30,
        10,
        7,
        "America/Sao_Paulo",
        "hybrid",
        "Centro de Convenções, Brasília",
        "BR",
        [22],
        False,
    ),
    (
        "Pacific traditional knowledge dialogue",
        45,
        9,
        6,
        "Pacific/Honolulu",
        "in-person",
        "East-West Center, Honolulu",
        "US",
        [22, 23],
        False,
    ),
    (
        "International Day for Biological Diversity",
        60,
        0,
        0,
        "America/Toronto",
        "hybrid",
        "CBD Secretariat, Montreal",
        "CA",
        [1, 2, 3],
        True,
    ),
    (
        "Clearing-house network meeting",
        -20,
        9,
        8,
        "America/Toronto",
        "in-person",
        "413 Saint-Jacques, Montreal",
        "CA",
        [21],
        False,
    ),
    (
        "Webinar: financing biodiversity in Asia",
        -8,
        10,
        2,
        "Asia/Shanghai",
        "online",
        "",
        "CN",
        [19],
        False,
    ),
    (
        "Arab region restoration training",
        -40,
        9,
        24 * 2 + 8,
        "Asia/Amman",
        "in-person",
        "Royal Botanic Garden, Amman",
        "JO",
        [2],
        False,
    ),
]


# Hand-written summaries, one per event above, so the demo reads like a real calendar.
EVENT_TEXT = {
    "Regional NBSAP workshop for Africa": (
        "National focal points from 20 African Parties compare how their updated NBSAPs set "
        "national targets and track them with the headline indicators."
    ),
    "Webinar: headline indicators in practice": (
        "Practitioners show how they calculate and report the headline indicators, with time "
        "for questions from national teams."
    ),
    "Youth biodiversity forum": (
        "Young people from across Latin America prepare joint messages on ocean and forest "
        "protection for the next COP."
    ),
    "Pacific traditional knowledge dialogue": (
        "Knowledge holders and scientists from Pacific islands exchange on customary "
        "management of coastal and marine areas."
    ),
    "International Day for Biological Diversity": (
        "Celebrations, talks and a public exhibition on this year's theme, streamed live from "
        "the Secretariat."
    ),
    "Clearing-house network meeting": (
        "National clearing-house managers plan data exchange between national sites and the "
        "central portal."
    ),
    "Webinar: financing biodiversity in Asia": (
        "How Asian Parties are mobilizing domestic and international resources for their "
        "national biodiversity plans."
    ),
    "Arab region restoration training": (
        "A hands-on course on restoring degraded drylands and rangelands, with field visits "
        "to restoration sites."
    ),
}
AGENDA = (
    "Opening and introductions, presentations by participants, group work, and a closing "
    "session agreeing next steps.\n\nInterpretation is available in the event's languages, "
    "listed above."
)


# Hand-picked events published on behalf of a demo partner (by acronym, see partners.demo);
# with --size N, every third further event is organized by one of the demo partners.
PARTNER_EVENTS = {
    "Youth biodiversity forum": "RJB",
    "Pacific traditional knowledge dialogue": "PITKN",
    "Arab region restoration training": "RSCN",
}


def _organizing_partners(ctx):
    """Demo partners (hand-picked ones by acronym) and each one's admin's profile."""
    partners = ctx.shared.get("partners")
    if partners is None:
        partners = list(PartnerPage.objects.live().order_by("slug")[:50])
    by_acronym = {
        p.acronym: p
        for p in PartnerPage.objects.live().filter(
            slug__startswith="demo-partner-", acronym__in=PARTNER_EVENTS.values()
        )
    }
    admins = {}
    for membership in PartnerMembership.objects.filter(
        partner__in=[*partners, *by_acronym.values()], role=PartnerMembership.Role.ADMIN
    ).select_related("user__profile"):
        admins.setdefault(membership.partner_id, getattr(membership.user, "profile", None))
    return partners, by_acronym, admins


def _events_index(home):
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(
            title="Events",
            slug="events",
            introduction="Meetings, webinars and trainings across the network.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def seed(ctx):
    home = HomePage.objects.first()
    index = _events_index(home)
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    targets = {t.number: t for t in Target.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    un_languages = list(Language.objects.filter(is_un_language=True))
    organizers = list(Profile.objects.order_by("pk")[:12])
    partners, partners_by_acronym, partner_admins = _organizing_partners(ctx)
    today = timezone.localdate()
    pages, relations = [], {"targets": [], "countries": [], "languages": []}
    for number in range(ctx.count(len(EVENTS))):
        slug = f"demo-event-{number:05d}"
        if slug in existing:
            continue
        spec = EVENTS[number % len(EVENTS)]
        title, days, hour, hours, zone_name, event_format, venue, code, numbers, all_day = spec
        zone = ZoneInfo(zone_name)
        day = today + datetime.timedelta(days=days + 7 * (number // len(EVENTS)))
        if all_day:
            start = datetime.datetime.combine(day, datetime.time(), zone)
            end = start + datetime.timedelta(days=1)
        else:
            start = datetime.datetime.combine(day, datetime.time(hour), zone)
            end = start + datetime.timedelta(hours=hours)
        page = EventPage(
            title=title if number < len(EVENTS) else f"{title} ({number})",
            slug=slug,
            summary=EVENT_TEXT[spec[0]],
            description=f"{EVENT_TEXT[spec[0]]}\n\n**Agenda.** {AGENDA}",
            start=start,
            end=end,
            time_zone=zone_name,
            all_day=all_day,
            event_format=event_format,
            venue=venue,
            online_url="https://meet.example.org/" + slug if event_format != "in-person" else "",
            organizer_member=organizers[number % len(organizers)] if organizers else None,
            registration_url=f"https://example.org/register/{slug}",
            registration_deadline=day - datetime.timedelta(days=2),
        )
        if event_format == EventFormat.ONLINE:
            page.venue = ""
        if number < len(EVENTS):
            partner = partners_by_acronym.get(PARTNER_EVENTS.get(title))
        else:
            partner = partners[number % len(partners)] if partners and number % 3 == 0 else None
        if partner is not None:
            page.organizer_partner = partner
            page.organizer_member = partner_admins.get(partner.pk) or page.organizer_member
        pages.append(page)
        relations["targets"].append([targets[n] for n in numbers])
        relations["countries"].append([countries[code]] if code in countries else [])
        relations["languages"].append(un_languages[: 1 + number % 3])
    if ctx.size is None:
        for number, page in enumerate(pages):
            index.add_child(instance=page)
            for name, values in relations.items():
                getattr(page, name).set(values[number])
            page.save_revision().publish()
    else:
        bulk_add_children(index, pages, relations)
    ctx.log(f"{EventPage.objects.count()} events")
