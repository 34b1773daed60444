"""Catalogues for tests that must cover everything: every URL pattern the site answers, read from the
URL configuration itself (so a new page without a test fails instead of passing unnoticed), and a
sample record of every kind."""

from dataclasses import dataclass
from datetime import date

from django.urls import URLPattern, URLResolver, get_resolver

from activity import actions
from activity.models import ClientGroup, Review
from activity.record_types import RECORD_TYPES


@dataclass(frozen=True)
class UrlEntry:
    name: str | None  # with its namespace, as ``reverse`` takes it ("admin:index"); None when unnamed
    route: str  # the whole route, from the root ("records/<slug:kind>/")


def url_entries(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[UrlEntry]:
    """Every pattern under ``resolver`` (the root URL configuration by default), nested resolvers included."""
    entries = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            entries.extend(url_entries(pattern, route, inner))
        elif isinstance(pattern, URLPattern):
            entries.append(UrlEntry(f"{namespace}{pattern.name}" if pattern.name else None, route))
    return entries


def url_names() -> set[str]:
    return {entry.name for entry in url_entries() if entry.name}


# What each kind of record needs beyond a date and an area.
SAMPLE_FIELDS = {
    "consultations": {"client_group": ClientGroup.CHILD},
    "referrals": {"client_group": ClientGroup.CHILD, "referred_to": "childrens_social_care"},
    "s42-enquiries": {},
    "mash-enquiries": {},
    "cdop-cases": {},
    "reviews": {"kind": Review.Kind.CSPR, "title": "Rapid review 2021-06"},
    "training-sessions": {"client_group": ClientGroup.CHILD, "level": 1, "title": "Level 1", "attendees": 3},
    "supervision-sessions": {"client_group": ClientGroup.CHILD},
}


def sample_record(kind: str, *, area, by, day: date = date(2021, 6, 1), **fields):
    """A record of ``kind`` (its URL slug) logged through the app's own action."""
    model = RECORD_TYPES[kind].model
    return actions.create_record(model=model, by=by, date=day, area=area, **{**SAMPLE_FIELDS[kind], **fields})
