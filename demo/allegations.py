"""The demo's allegations against staff, as restricted records: one for each the returns count.

The seed gives 3 allegations in Oxfordshire and 1 in Swindon in 2021/22, none of which went on to a formal
investigation (``fixtures/seed_returns.csv``); the later quarters' returns (``demo.later_returns``) give the rest.
For each of those returns the demo holds as many allegations, in its area and period, as the return counts, so the
report's figure reads the same from the records as it did from the returns. The demo lead records each and so is
named on it: nobody else in the demo can read them. Dates, kinds, categories and outcomes follow from the position
of each in its return, so loading again adds only the allegations of returns entered since.
"""

from collections import Counter
from datetime import date, timedelta

from activity import allegations as actions
from activity.models import Allegation, Return
from activity.models.records import new_reference
from demo.records import DEMO_PREFIX

METRIC = "allegations_against_staff"
FIRST_DAY = date(2021, 4, 1)
DAYS_TO_CLOSE = 45
CATEGORIES = ["physical", "emotional", "conduct_outside_work", "online", "neglect", "sexual"]
LATER_OUTCOMES = ["unsubstantiated", "unfounded", "substantiated"]
NOT_INVESTIGATED = {
    Allegation.Kind.LADO: "Discussed with the local authority designated officer; it did not go on to a formal "
    "investigation.",
    Allegation.Kind.PIPOT: "Considered under the local authority's PiPoT procedure; it did not go on to a formal "
    "investigation.",
}
LATER_NOTES = {
    Allegation.Kind.LADO: "Referred to the local authority designated officer, who advised on the next steps. "
    "Managed with HR and the member of staff's manager.",
    Allegation.Kind.PIPOT: "Information shared with the local authority under its PiPoT procedure. Managed with HR "
    "and the member of staff's manager.",
}


def load_allegations(*, by, until: date) -> int:
    """Record the allegations the returns count and the demo does not hold yet. Returns how many were added."""
    held = Counter(
        (area_id, day)
        for area_id, day in Allegation.objects.filter(reference__startswith=DEMO_PREFIX).values_list("area", "date")
    )
    returns = (
        Return.objects.filter(metric=METRIC, period_start__gte=FIRST_DAY, period_end__lte=until, value__gt=0)
        .select_related("area")
        .order_by("period_start", "area__path")
    )
    added = 0
    for entry in returns:
        wanted = _allegations_for(entry, until)
        days_held = {day: held[(entry.area_id, day)] for day in {each.date for each in wanted}}
        for allegation in wanted:
            if days_held[allegation.date]:
                days_held[allegation.date] -= 1
                continue
            actions.record_allegation(allegation=allegation, by=by, reason="Demo: recorded from the allegations log")
            added += 1
    return added


def _allegations_for(entry: Return, until: date) -> list[Allegation]:
    """The allegations behind one return, spread evenly over its period."""
    span = (entry.period_end - entry.period_start).days
    seed_year = entry.period_start == FIRST_DAY
    made = []
    for position in range(entry.value):
        received = entry.period_start + timedelta(days=(position + 1) * span // (entry.value + 1))
        kind = Allegation.Kind.PIPOT if (position + entry.area_id) % 3 == 2 else Allegation.Kind.LADO
        allegation = Allegation(
            reference=new_reference(f"{DEMO_PREFIX}{Allegation.reference_prefix}"),
            kind=kind,
            date=received,
            area=entry.area,
            category=CATEGORIES[(position + received.month) % len(CATEGORIES)],
            notes=NOT_INVESTIGATED[kind] if seed_year else LATER_NOTES[kind],
        )
        closed_on = received + timedelta(days=DAYS_TO_CLOSE + 7 * position)
        if closed_on <= until:
            allegation.status = Allegation.Status.CLOSED
            allegation.closed_on = closed_on
            allegation.outcome = (
                ("unsubstantiated", "unfounded")[position % 2]
                if seed_year
                else LATER_OUTCOMES[(position + received.month) % len(LATER_OUTCOMES)]
            )
        else:
            allegation.status = (Allegation.Status.INVESTIGATING, Allegation.Status.OPEN)[position % 2]
        made.append(allegation)
    return made
