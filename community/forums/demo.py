"""Demo forums: public and restricted categories, threads with replies, a mention, a held post.

Threads and posts are plain rows, so ``--size N`` makes N threads with bulk inserts.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from community.members.models import Profile
from taxonomy.models import Constituency, ThematicArea

from .models import Category, Frequency, Post, Status, Subscription, Thread

IPLC_GROUP = "IPLC caucus"

CATEGORIES = [
    ("general", "General discussion", "Anything about implementing the framework.", None, None),
    (
        "iplc-caucus",
        "IPLC caucus",
        "A space for indigenous peoples and local communities (members of the caucus only).",
        "iplc",
        IPLC_GROUP,
    ),
    (
        "women",
        "Women and biodiversity",
        "Gender-responsive implementation (Target 23).",
        "women",
        None,
    ),
    ("youth", "Youth", "Young people acting for biodiversity.", "youth", None),
    (
        "restoration",
        "Ecosystem restoration",
        "Target 2 in practice.",
        None,
        "ecosystem-restoration",
    ),
    (
        "finance",
        "Finance and incentives",
        "Resource mobilization (Targets 18 and 19).",
        None,
        "incentives-finance",
    ),
]

THREADS = [
    (
        "general",
        "How are you tracking the 30x30 target nationally?",
        "We are updating our NBSAP and struggle with **OECM** reporting. What works for you?",
        [
            "We use the WDPA and a national registry of OECMs, updated twice a year.",
            "@[Amina Diallo] has a good guide on this, see the youth network's page.",
        ],
    ),
    (
        "iplc-caucus",
        "Preparing a joint statement for SBSTTA",
        "Draft points for our caucus statement. Please comment before Friday.",
        ["I suggest adding a paragraph on free, prior and informed consent."],
    ),
    (
        "women",
        "Gender Plan of Action: good practices",
        "Share examples of gender-responsive restoration projects.",
        ["In Uganda, women's groups run tree nurseries with municipal support."],
    ),
    (
        "youth",
        "Youth delegates at COP 17",
        "Who is going? Let's organize a side event together.",
        ["Count me in!", "We can ask the secretariat for a room."],
    ),
    (
        "restoration",
        "Restoring mangroves: monitoring tips",
        "Which indicators do you use for mangrove restoration success?",
        ["Survival rate after two years and canopy cover from drone surveys."],
    ),
]


def _categories():
    constituencies = {c.slug: c for c in Constituency.objects.all()}
    areas = {a.slug: a for a in ThematicArea.objects.all()}
    group, _ = Group.objects.get_or_create(name=IPLC_GROUP)
    categories = {}
    for position, (slug, name, description, constituency, extra) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "sort_order": position,
                "constituency": constituencies.get(constituency),
                "group": group if extra == IPLC_GROUP else None,
                "thematic_area": areas.get(extra) if extra != IPLC_GROUP else None,
            },
        )
        categories[slug] = category
    # The caucus group: demo members who belong to the IPLC constituency.
    iplc_users = Profile.objects.filter(constituencies__slug="iplc").values_list("user", flat=True)
    group.user_set.add(*iplc_users)
    return categories


def seed(ctx):
    categories = _categories()
    users = list(
        get_user_model()
        .objects.filter(email__endswith="@example.org", is_superuser=False)
        .order_by("pk")[: max(ctx.count(12), 12)]
    )
    if not users:
        ctx.log("no members to write forum posts")
        return
    total = ctx.count(len(THREADS))
    existing = Thread.objects.count()
    if existing >= total:
        ctx.log(f"{existing} forum threads")
        return

    now = timezone.now()
    slugs = list(categories)
    specs = []
    for index in range(existing, total):
        if index < len(THREADS):
            specs.append(THREADS[index])
        else:
            replies = [ctx.faker.paragraph() for _ in range(ctx.random.randint(0, 4))]
            specs.append(
                (
                    ctx.random.choice(slugs),
                    ctx.faker.sentence(nb_words=7).rstrip("."),
                    ctx.faker.paragraph(nb_sentences=4),
                    replies,
                )
            )
    threads = Thread.objects.bulk_create(
        [
            Thread(
                category=categories[slug],
                title=title,
                slug=slugify(title)[:200] or "thread",
                author=users[i % len(users)],
                created_at=now - timedelta(hours=2 * (len(specs) - i) + 10),
                last_activity_at=now - timedelta(hours=2 * (len(specs) - i)),
                is_pinned=i == 0 and existing == 0,
            )
            for i, (slug, title, _body, _replies) in enumerate(specs)
        ],
        batch_size=1000,
    )
    posts = []
    for i, (thread, (_slug, _title, body, replies)) in enumerate(zip(threads, specs, strict=True)):
        posts.append(
            Post(thread=thread, author=thread.author, body=body, created_at=thread.created_at)
        )
        for j, text in enumerate(replies):
            posts.append(
                Post(
                    thread=thread,
                    author=users[(i + j + 1) % len(users)],
                    body=text,
                    created_at=thread.created_at + timedelta(hours=j + 1),
                )
            )
    Post.objects.bulk_create(posts, batch_size=2000)
    Subscription.objects.bulk_create(
        [Subscription(user=t.author, thread=t, frequency=Frequency.IMMEDIATE) for t in threads],
        batch_size=2000,
        ignore_conflicts=True,
    )
    if existing == 0 and len(users) > 3:
        # One new member's first reply waits in the moderation queue.
        Post.objects.create(
            thread=threads[0],
            author=users[3],
            body="Is there a template for OECM reporting? Link: https://example.org/oecm",
            status=Status.HELD,
        )
    ctx.log(f"{Thread.objects.count()} forum threads, {Post.objects.count()} posts")
