"""``nationalTarget7Mapping`` in and out (``cbd-formats/README.md``): how a country's national
targets as a whole cover one global goal or target, and the reference period of each of its
headline indicators. Same rules as ``cbd.py``: every language kept (the record's own in the
columns, the others in ``translations``), rich text stored as sanitized Markdown, fields not
modelled kept in ``cbd_extra`` and sent back."""

from chm.cbd_reader import UN_LANGUAGES, drop_empty
from taxonomy.models import Goal, HeadlineIndicator, Target

from .cbd import Built, _lstring, _own, _Reader, headline_code, headline_identifier
from .mapping_models import ReferencePeriod, TargetMapping

MAPPING_FIELDS = {
    "globalGoalOrTarget",
    "elementOfGlobalTargetsInfo",
    "referencePeriod",
    "additionalInformation",
}


def mapping_from_cbd(document):
    read = _Reader(document)
    record = TargetMapping(cbd_extra={})
    read.common(record)
    identifier = (read.value("globalGoalOrTarget", dict, required=True) or {}).get("identifier")
    if identifier is not None or read.document.get("globalGoalOrTarget"):
        record.goal = Goal.objects.filter(identifier=identifier).first()
        record.target = Target.objects.filter(identifier=identifier).first()
        if record.goal is None and record.target is None:
            read.error(
                "Error.UnexpectedTerm",
                "globalGoalOrTarget",
                f"Unknown goal or target {identifier!r}.",
            )
    record.elements_covered = read.text(
        "elementOfGlobalTargetsInfo", "elements_covered", required=True, rich=True
    )
    record.additional_information = read.text(
        "additionalInformation", "additional_information", rich=True
    )
    periods = []
    for index, item in enumerate(read.value("referencePeriod", list) or []):
        period = _period(read, f"referencePeriod[{index}]", item)
        if period is not None:
            period.sort_order = index
            periods.append(period)
    if len({p.headline_indicator_id for p in periods}) < len(periods):
        read.error("Error.InvalidValue", "referencePeriod", "An indicator is given twice.")
    return read.finish(Built(record, children={"reference_periods": periods}), MAPPING_FIELDS)


def _period(read, prop, item):
    if not isinstance(item, dict):
        read.error("Error.InvalidType", prop, "Expected {headlineIndicator, hasReferencePeriod}.")
        return None
    term = item.get("headlineIndicator")
    identifier = term.get("identifier") if isinstance(term, dict) else None
    indicator = (
        HeadlineIndicator.objects.filter(code=headline_code(identifier)).first()
        if isinstance(identifier, str)
        else None
    )
    if indicator is None:
        read.error(
            "Error.UnexpectedTerm",
            f"{prop}.headlineIndicator",
            f"Unknown indicator {identifier!r}.",
        )
    has = item.get("hasReferencePeriod", False)
    if not isinstance(has, bool):
        read.error("Error.InvalidType", f"{prop}.hasReferencePeriod", "Expected true or false.")
    texts = {}
    info = item.get("referencePeriodInfo")
    if info is not None and not isinstance(info, dict):
        read.error("Error.InvalidType", f"{prop}.referencePeriodInfo", "Expected an object.")
    for language, text in (info if isinstance(info, dict) else {}).items():
        if language not in UN_LANGUAGES or not isinstance(text, str):
            read.error("Error.InvalidValue", f"{prop}.referencePeriodInfo.{language}", "Bad text.")
        elif text.strip():
            texts[language] = text.strip()
    if indicator is None or not isinstance(has, bool):
        return None
    own = texts.pop(read.own, None)
    if own is None and texts:
        own = next(iter(texts.values()))
    return ReferencePeriod(
        headline_indicator=indicator,
        has_reference_period=has,
        info=own or "",
        translations=texts,
    )


def _languages(record, periods):
    own = _own(record)
    others = set(record.translations or {})
    for period in periods:
        others |= set(period.translations or {})
    return [own] + sorted(others - {own})


def mapping_to_cbd(record):
    periods = list(record.reference_periods.select_related("headline_indicator"))
    own = _own(record)
    document = {
        "header": {
            "identifier": record.cbd_identifier or str(record.uuid).upper(),
            "schema": "nationalTarget7Mapping",
            "languages": _languages(record, periods),
        },
        "government": {"identifier": record.country.code.lower()},
        "globalGoalOrTarget": {"identifier": record.goal_or_target.identifier},
        "elementOfGlobalTargetsInfo": _lstring(record, "elements_covered", rich=True),
        "referencePeriod": [
            drop_empty(
                {
                    "headlineIndicator": {
                        "identifier": headline_identifier(period.headline_indicator.code)
                    },
                    "hasReferencePeriod": period.has_reference_period,
                    "referencePeriodInfo": drop_empty(
                        {own: period.info, **dict(sorted((period.translations or {}).items()))}
                    ),
                }
            )
            for period in periods
        ],
        "additionalInformation": _lstring(record, "additional_information", rich=True),
    }
    document.update((record.cbd_extra or {}).get("fields") or {})
    return drop_empty(document)
