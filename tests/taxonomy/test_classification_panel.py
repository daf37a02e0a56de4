"""The classification panel in the page editor: open, checkbox lists grouped and filterable,
and saving keeps the earlier choices."""

import pytest

from django.urls import reverse

from events.factories import EventPageFactory
from events.models import EventPage
from taxonomy.models import Country, Target, ThematicArea

pytestmark = pytest.mark.django_db


def edit_data(client, url):
    """What the editor's browser would post back unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = value
    data.update(
        {
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
    )
    return response, data


def test_event_editor_shows_the_classification_open_with_checkboxes(editor_client, events_index):
    event = EventPageFactory(parent=events_index)
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="checkbox" name="countries"' in html
    assert 'type="checkbox" name="targets"' in html
    assert 'type="checkbox" name="thematic_areas"' in html
    assert '<select name="countries"' not in html and '<select name="targets"' not in html
    assert "Filter countries" in html and "taxonomy/js/checkbox-filter.js" in html
    # Grouped: targets by section, countries by region.
    assert "Reducing threats to biodiversity" in html and "Africa" in html
    # Open: the panel is not collapsed.
    form = response.context["form"]
    assert form.fields["countries"].widget.group_by is not None
    section = html.split("Classification", 1)[0].rsplit("<section", 1)[-1]
    assert "collapsed" not in section


def test_saving_keeps_earlier_classification(editor_client, events_index):
    event = EventPageFactory(parent=events_index)
    kenya, peru = Country.objects.get(code="KE"), Country.objects.get(code="PE")
    event.countries.set([kenya])
    event.targets.set([Target.objects.get(number=3)])
    event.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    _response, data = edit_data(editor_client, url)
    assert data["countries"] == [str(kenya.pk)]
    data["countries"].append(str(peru.pk))
    data["thematic_areas"] = [str(ThematicArea.objects.first().pk)]
    data["action-publish"] = "publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(pk=event.pk)
    assert set(event.countries.values_list("code", flat=True)) == {"KE", "PE"}
    assert list(event.targets.values_list("number", flat=True)) == [3]
    assert event.thematic_areas.count() == 1


def test_partner_and_news_editors_render_the_panel(editor_client, partner, home_page):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[partner.pk]))
    assert response.status_code == 200
    assert 'type="checkbox" name="countries"' in response.content.decode()
