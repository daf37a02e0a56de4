"""Copy two facets of the matchmaker's index onto its entries, so ranking reads them from the
entry instead of grouping thousands of term rows: whether a candidate serves anywhere
(geography ``*``) and its working languages (",en,fr,"). Existing entries are filled from
their terms, so no reindex is needed."""

from collections import defaultdict

from django.db import migrations, models


def fill(apps, schema_editor):
    MatchCandidate = apps.get_model("cooperation", "MatchCandidate")
    CandidateTerm = apps.get_model("cooperation", "CandidateTerm")
    db = schema_editor.connection.alias
    MatchCandidate.objects.using(db).filter(
        pk__in=CandidateTerm.objects.using(db)
        .filter(facet="geography", code="*")
        .values("candidate_id")
    ).update(anywhere=True)
    languages = defaultdict(list)
    for candidate_id, code in (
        CandidateTerm.objects.using(db)
        .filter(facet="languages")
        .order_by("candidate_id", "code")
        .values_list("candidate_id", "code")
    ):
        languages[candidate_id].append(code)
    MatchCandidate.objects.using(db).bulk_update(
        [MatchCandidate(pk=pk, languages=f",{','.join(codes)},") for pk, codes in languages.items()],
        ["languages"],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchcandidate",
            name="anywhere",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="matchcandidate",
            name="languages",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
