"""Catalogues for tests that must cover everything: every URL pattern the site answers, read from the
URL configuration itself (so a new page without a test fails instead of passing unnoticed), and a
sample record of every kind."""

from dataclasses import dataclass
from datetime import date

from django.urls import URLPattern, URLResolver, get_resolver

from activity import actions
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


def sample_record(kind: str, *, area, by, day: date = date(2021, 6, 1), **fields):
    """A record of ``kind`` (its URL slug) logged through the app's own action, with its profile's sample values."""
    model = RECORD_TYPES[kind].model
    return actions.create_record(model=model, by=by, date=day, area=area, **{**RECORD_TYPES[kind].sample, **fields})
