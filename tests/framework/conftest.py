import pytest

from framework.factories import FrameworkPageFactory


@pytest.fixture
def framework_page(home_page):
    return FrameworkPageFactory(parent=home_page)


def classify(record, *numbers):
    """Classify a record (page or model) with targets by number, as saved by its editor."""
    from taxonomy.models import Target

    record.targets.set(Target.objects.filter(number__in=numbers))
    record.save()
    return record
