"""The seed trust's reference data: its areas, services, teams and categories of concern, and the figures it
does not collect for an area."""

from activity.models import Area, Category, ClientGroup, Service, Team, UncollectedFigure

TRUST = "trust"

# slug, name, short name, parent slug, display order
AREAS = [
    (TRUST, "Oxford Health NHS Foundation Trust (all areas)", "All areas", None, 0),
    ("oxfordshire", "Oxfordshire", "Oxon", TRUST, 1),
    ("buckinghamshire", "Buckinghamshire", "Bucks", TRUST, 2),
    ("bsw", "Bath and North East Somerset, Swindon and Wiltshire", "BSW", TRUST, 3),
    ("banes", "Bath and North East Somerset", "B&NES", "bsw", 1),
    ("swindon", "Swindon", "Swindon", "bsw", 2),
    ("wiltshire", "Wiltshire", "Wiltshire", "bsw", 3),
    ("berkshire", "Berkshire (cross-border child deaths)", "Berkshire", TRUST, 4),
]

# slug, name, teams
SERVICES = [
    (
        "oxon-sw-mh",
        "Oxon & South West Mental Health",
        ["CAMHS Oxfordshire", "CAMHS BSW", "Adult Mental Health Oxfordshire", "Inpatient units Swindon"],
    ),
    ("bucks-mh", "Bucks Mental Health", ["CAMHS Buckinghamshire", "Adult Mental Health Buckinghamshire"]),
    (
        "community-health",
        "Community Health",
        ["Health Visiting", "School Health Nurses", "Family Nurse Partnership", "Community Hospitals"],
    ),
    ("specialised", "Specialised Services", ["Eating Disorders", "Forensic Services"]),
]

_A, _C, _F = ClientGroup.ADULT, ClientGroup.CHILD, ClientGroup.FAMILY
_CARE_ACT, _WT, _OTHER = Category.Framework.CARE_ACT, Category.Framework.WORKING_TOGETHER, Category.Framework.OTHER

# slug, name, client group, framework
CATEGORIES = [
    ("physical-abuse", "Physical abuse", _F, _OTHER),
    ("sexual-abuse", "Sexual abuse", _F, _OTHER),
    ("domestic-abuse", "Domestic abuse", _F, _OTHER),
    ("emotional-abuse", "Emotional abuse", _C, _WT),
    ("neglect", "Neglect", _C, _WT),
    ("psychological-abuse", "Psychological abuse", _A, _CARE_ACT),
    ("financial-abuse", "Financial or material abuse", _A, _CARE_ACT),
    ("neglect-omission", "Neglect and acts of omission", _A, _CARE_ACT),
    ("self-neglect", "Self-neglect", _A, _CARE_ACT),
    ("discriminatory-abuse", "Discriminatory abuse", _A, _CARE_ACT),
    ("organisational-abuse", "Organisational abuse", _A, _CARE_ACT),
    ("modern-slavery", "Modern slavery", _A, _CARE_ACT),
    ("cse", "Child sexual exploitation (CSE)", _C, _OTHER),
    ("criminal-exploitation", "Criminal exploitation", _F, _OTHER),
    ("fgm", "Female genital mutilation (FGM)", _F, _OTHER),
    ("radicalisation", "Radicalisation (Prevent)", _F, _OTHER),
]

_BSW_MASH = "In BSW the work goes through the CAMHS duty system, and the safeguarding service does not collect it."
_BERKSHIRE = "The Trust works in Berkshire only on cross-border child deaths."
_MASH_METRICS = [
    "mash_enquiries",
    "mash_open_cases",
    "mash_enquiries_closed",
    "mash_enquiries_closed_in_3_days",
    "mash_health_shared",
    "mash_health_shared_in_1_working_day",
]
_BERKSHIRE_METRICS = [*_MASH_METRICS, "child_referrals"]

# metric, area slug, first financial year (by its starting year), why: "not collected", which is not a zero
UNCOLLECTED = [
    *[(metric, "bsw", 2018, _BSW_MASH) for metric in _MASH_METRICS],
    *[(metric, "berkshire", 2018, _BERKSHIRE) for metric in _BERKSHIRE_METRICS],
]


def load_reference() -> None:
    for slug, name, short_name, parent_slug, order in AREAS:
        parent = Area.objects.get(slug=parent_slug) if parent_slug else None
        area = Area.objects.filter(slug=slug).first() or Area(slug=slug)
        area.name, area.short_name, area.parent, area.display_order = name, short_name, parent, order
        area.save()
    for order, (slug, name, teams) in enumerate(SERVICES, start=1):
        service, _ = Service.objects.update_or_create(slug=slug, defaults={"name": name, "display_order": order})
        for team in teams:
            Team.objects.get_or_create(service=service, name=team)
    for order, (slug, name, client_group, framework) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "client_group": client_group, "framework": framework, "display_order": order},
        )
    for metric, slug, from_year, note in UNCOLLECTED:
        UncollectedFigure.objects.get_or_create(
            metric=metric, area=Area.objects.get(slug=slug), from_year=from_year, defaults={"note": note}
        )
