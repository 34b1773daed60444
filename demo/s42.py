"""The Safeguarding Adults Collection's items on the demo's s.42 enquiries.

The seed year's enquiries (2021/22) stay "not recorded", as enquiries logged before the items were asked for are;
every later one gets them, each from its own random stream, so a load is the same each time and a load through one
day then a later one gives what a load through the later day at once gives. The stream is seeded by the enquiry's date
and case reference, which the demo draws the same on every load: its references are random by design (a new load
makes new ones), so they cannot seed it. Neglect and
financial abuse are the most common types; some enquiries were delegated to the Trust under s.75; an enquiry's
conclusion is known to the Trust only where it carried out the enquiry (s.75) or the local authority shared the
outcome, as the seed says outcomes are not always shared.
"""

import random
from datetime import date, timedelta

from activity import actions
from activity.models import S42Enquiry
from demo.later_records import FIRST_DAY

REASON = "Demo: the Safeguarding Adults Collection's items"
# (flag, weight): how often each type is the enquiry's first; a quarter have a second type too.
RISK_WEIGHTS = (
    ("risk_neglect", 30),
    ("risk_financial", 22),
    ("risk_physical", 14),
    ("risk_psychological", 12),
    ("risk_self_neglect", 9),
    ("risk_domestic_abuse", 5),
    ("risk_organisational", 4),
    ("risk_sexual", 2),
    ("risk_discriminatory", 1),
    ("risk_sexual_exploitation", 1),
)
LOCATIONS = (
    ("own_home", 45),
    ("care_home_residential", 14),
    ("care_home_nursing", 10),
    ("hospital_mental_health", 10),
    ("community", 8),
    ("community_service", 5),
    ("hospital_acute", 3),
    ("hospital_community", 2),
    ("other", 3),
)
SOURCES = (("other_known", 50), ("service_provider", 35), ("other_unknown", 10), ("", 5))
ACTIONS = (
    ("risk_action", 58),
    ("risk_no_action", 8),
    ("inconclusive_action", 10),
    ("inconclusive_no_action", 4),
    ("no_risk_action", 6),
    ("no_risk_no_action", 11),
    ("ceased", 3),
)
RESULTS = (("reduced", 60), ("removed", 30), ("remained", 10))
ASKED = (("asked_expressed", 70), ("asked_none_expressed", 12), ("not_asked", 10), ("not_known", 8))
ACHIEVED = (("fully", 64), ("partly", 29), ("not", 7))
CAPACITY = (("no", 60), ("yes", 30), ("not_known", 10))
ADVOCACY = (("yes", 80), ("no", 15), ("not_known", 5))
FIRST = (
    "delegated_s75",
    *S42Enquiry.risk_fields(),
    "location_of_risk",
    "source_of_risk",
    "lacked_capacity",
    "advocacy",
)
CONCLUSION = ("concluded_on", "action_taken", "risk_result", "outcomes_asked", "outcomes_achieved")


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def plan(enquiry: S42Enquiry) -> dict:
    """The enquiry's items and the day it concludes, the same every time for its date and case reference."""
    rng = random.Random(f"demo:s42:{enquiry.date.isoformat()}:{enquiry.case_reference}")
    first = _pick(rng, RISK_WEIGHTS)
    types = {first}
    if rng.random() < 0.25:
        types.add(_pick(rng, RISK_WEIGHTS))
    capacity = _pick(rng, CAPACITY)
    action = _pick(rng, ACTIONS)
    asked = _pick(rng, ASKED)
    return {
        "delegated_s75": rng.random() < 0.15,
        **{name: name in types for name in S42Enquiry.risk_fields()},
        "location_of_risk": _pick(rng, LOCATIONS),
        "source_of_risk": _pick(rng, SOURCES),
        "lacked_capacity": capacity,
        "advocacy": _pick(rng, ADVOCACY) if capacity == "yes" else "",
        "concludes_on": enquiry.date + timedelta(days=rng.randrange(25, 140)),
        "action_taken": action,
        "risk_result": _pick(rng, RESULTS) if action in ("risk_action", "inconclusive_action") else "",
        "outcomes_asked": asked,
        "outcomes_achieved": _pick(rng, ACHIEVED) if asked == "asked_expressed" else "",
    }


def load_s42_items(*, until: date, by) -> int:
    """Fill the items of the later years' enquiries that lack them, and the conclusion of those concluded by
    ``until``. Returns how many enquiries changed (none, loading again the same day)."""
    changed = []
    fields = set()
    for enquiry in S42Enquiry.objects.filter(date__gte=FIRST_DAY).order_by("pk"):
        planned = plan(enquiry)
        touched = False
        if enquiry.delegated_s75 is None:
            for name in FIRST:
                setattr(enquiry, name, planned[name])
            fields.update(FIRST)
            touched = True
        concludes_on = planned["concludes_on"]
        if enquiry.outcome_shared_on is not None:
            concludes_on = min(concludes_on, enquiry.outcome_shared_on)
        known = enquiry.delegated_s75 or enquiry.outcome_shared_on is not None
        if enquiry.concluded_on is None and concludes_on <= until and known:
            enquiry.concluded_on = concludes_on
            for name in CONCLUSION[1:]:
                setattr(enquiry, name, planned[name])
            fields.update(CONCLUSION)
            touched = True
        if touched:
            changed.append(enquiry)
    if changed:
        actions.bulk_update_records(model=S42Enquiry, records=changed, fields=sorted(fields), by=by, reason=REASON)
    return len(changed)
