"""Demo groups: the IPLC caucus (named by the forums' demo) gets its public profile, managed by
one of its members, and a member's request to join waits for that manager."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from community.members.models import Profile
from taxonomy.models import Constituency

from .models import GroupProfile, JoinPolicy, JoinRequest

IPLC_GROUP = "IPLC caucus"  # the forums' demo restricts its caucus category to this group

PURPOSE = (
    "The caucus of **indigenous peoples and local communities** prepares joint statements, "
    "shares experience with the traditional knowledge targets (Targets 21 and 22) and "
    "discusses matters in confidence in its own forum.\n\n"
    "Representatives of indigenous peoples and local communities are welcome: ask to join "
    "and tell the managers which community or organization you represent."
)
TRANSLATIONS = {
    "fr": {
        "name": "Caucus des peuples autochtones et communautés locales",
        "purpose": "Le caucus des **peuples autochtones et communautés locales** prépare des "
        "déclarations communes et échange dans son propre forum. Les représentants des "
        "peuples autochtones et communautés locales peuvent demander à le rejoindre.",
    },
    "es": {
        "name": "Caucus de pueblos indígenas y comunidades locales",
        "purpose": "El caucus de **pueblos indígenas y comunidades locales** prepara "
        "declaraciones conjuntas y conversa en su propio foro. Los representantes de pueblos "
        "indígenas y comunidades locales pueden pedir unirse.",
    },
}


def seed(ctx):
    group, _ = Group.objects.get_or_create(name=IPLC_GROUP)
    profile, created = GroupProfile.objects.get_or_create(
        group=group,
        defaults={
            "name": "IPLC caucus",
            "slug": "iplc-caucus",
            "purpose": PURPOSE,
            "translations": TRANSLATIONS,
            "join_policy": JoinPolicy.ON_REQUEST,
            "constituency": Constituency.objects.filter(slug="iplc").first(),
        },
    )
    if created:
        manager = Profile.objects.filter(display_name="Lucía Quispe").first()
        if manager is not None:
            profile.managers.add(manager.user)
        requester = (
            get_user_model()
            .objects.filter(profile__display_name="Sarah Nakato")
            .exclude(groups=group)
            .first()
        )
        if requester is not None:
            JoinRequest.objects.create(
                group_profile=profile,
                user=requester,
                language="en",
                message="I work with Batwa communities near Bwindi on community forest "
                "monitoring and would like to follow the caucus's preparations for SBSTTA.",
            )
    ctx.log(
        f"{GroupProfile.objects.count()} group profiles, "
        f"{JoinRequest.objects.pending().count()} pending requests to join"
    )
