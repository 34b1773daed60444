"""Hostile input (tests/hostile.py) in the allegation forms: recording one, saying why it is opened, changing and
closing it, and naming people on it. Never a server error; a form refuses with a message and writes nothing, or
saves everything it was given; no page shows a script tag as markup; the export holds no formula."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from accounts import roles
from activity import allegations as actions
from activity.models import Allegation, AllegationManager
from audit.models import Action, AuditEvent
from tests import hostile
from tests.factories import UserFactory
from tests.hostile import HUGE, IMG, SCRIPT, assert_safe, data_for, fuzz, hostile_value, last, refused, saved

pytestmark = pytest.mark.django_db

world = hostile.world
lead_client = hostile.lead_client


def _good(world) -> dict:
    return {
        "kind": "lado",
        "date": "01/06/2021",
        "area": str(world["oxon"].pk),
        "service": str(world["service"].pk),
        "category": "physical",
        "notes": "Raised after a home visit",
    }


def _allegation(world) -> Allegation:
    allegation = Allegation(kind="pipot", date=date(2021, 6, 1), area=world["oxon"], category="neglect")
    return actions.record_allegation(allegation=allegation, by=world["lead"])


def _export_is_safe(client) -> None:
    export = client.get(reverse("allegation_list"), {"export": "csv"})
    assert export.status_code == 200
    for row in csv.reader(io.StringIO(export.content.decode("utf-8"), newline="")):
        assert not [cell for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_new_allegation_form_given_hostile_values_refuses_or_saves_everything(lead_client, world):
    url = reverse("allegation_new")
    good = _good(world)

    @fuzz
    @given(data=data_for(good, {"notes"}))
    @example(data={**good, "notes": "Seen\x00at home"})
    @example(data={**good, "notes": SCRIPT, "category": IMG})
    @example(data={**good, "notes": HUGE[1], "date": ["01/06/2021", "31/02/2021"], "area": [SCRIPT]})
    def post(data):
        before = Allegation.objects.count()
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert Allegation.objects.count() == before + 1
            allegation = Allegation.objects.order_by("-pk").first()
            assert allegation.notes == last(data["notes"]).strip()
            assert AllegationManager.objects.filter(allegation=allegation, user=world["lead"]).exists()
            opened = lead_client.post(
                reverse("allegation_detail", args=[allegation.reference]), {"reason": "Checking it saved"}
            )
            assert_safe(opened)
            assert_safe(lead_client.get(reverse("allegation_list")))
            _export_is_safe(lead_client)
        else:
            assert refused(response), response.status_code
            assert Allegation.objects.count() == before

    post()


def test_opening_given_a_hostile_reason_refuses_or_keeps_it_in_the_audit_log(lead_client, world):
    allegation = _allegation(world)
    url = reverse("allegation_detail", args=[allegation.reference])

    @fuzz
    @given(reason=hostile_value)
    @example(reason="Checking\x00it")
    @example(reason=SCRIPT)
    def post(reason):
        before = AuditEvent.objects.filter(action=Action.RECORD_VIEWED).count()
        response = lead_client.post(url, {"reason": reason}, follow=True)
        assert_safe(response)
        events = AuditEvent.objects.filter(action=Action.RECORD_VIEWED)
        if refused(response):
            assert events.count() == before
        else:
            assert response.status_code == 200
            assert events.count() == before + 1
            assert events.first().detail == f"Opened: {last(reason).strip()}"

    post()


def test_the_change_and_close_forms_given_hostile_values_refuse_or_save(lead_client, world):
    allegation = _allegation(world)
    edit = reverse("allegation_edit", args=[allegation.reference])
    close = reverse("allegation_close", args=[allegation.reference])
    opened = lead_client.post(reverse("allegation_detail", args=[allegation.reference]), {"reason": "To correct it"})
    assert opened.status_code == 200

    @fuzz
    @given(
        data=data_for(
            {**_good(world), "status": "open", "outcome": "", "closed_on": "", "reason": "Wrong area"},
            {"notes", "reason"},
        ),
        closing=st.fixed_dictionaries(
            {
                "closed_on": st.one_of(st.just("30/06/2021"), hostile_value),
                "outcome": st.one_of(st.just("unfounded"), hostile_value),
                "reason": st.one_of(st.just("LADO: no further action"), hostile_value),
            }
        ),
    )
    def post(data, closing):
        allegation.refresh_from_db()
        version = allegation.version
        response = lead_client.post(edit, {**data, "version": version}, follow=True)
        assert_safe(response)
        allegation.refresh_from_db()
        if saved(response):
            assert allegation.version == version + 1
            assert allegation.notes == last(data["notes"]).strip()
            assert allegation.history.first().history_change_reason == last(data["reason"]).strip()
        else:
            assert refused(response), response.status_code
            assert allegation.version == version
        if allegation.status != Allegation.Status.CLOSED:
            response = lead_client.post(close, {**closing, "version": allegation.version}, follow=True)
            assert_safe(response)
            allegation.refresh_from_db()
            assert (allegation.status == Allegation.Status.CLOSED) == saved(response)
            if saved(response):  # open it again for the next example
                actions.change_allegation(
                    allegation=allegation,
                    by=world["lead"],
                    reason="Reopened",
                    status="open",
                    closed_on=None,
                    outcome="",
                )

    post()


def test_naming_given_hostile_values_refuses_or_names(lead_client, world):
    allegation = _allegation(world)
    colleague = UserFactory(role=roles.LEAD, first_name="Robin", last_name="Hale")
    url = reverse("allegation_names", args=[allegation.reference])

    @fuzz
    @given(user=st.one_of(st.just(str(colleague.pk)), hostile_value), reason=hostile_value)
    @example(user=str(colleague.pk), reason=SCRIPT)
    def post(user, reason):
        AllegationManager.objects.filter(allegation=allegation, user=colleague).delete()
        response = lead_client.post(url, {"user": user, "reason": reason}, follow=True)
        assert_safe(response)
        named = AllegationManager.objects.filter(allegation=allegation, user=colleague).first()
        if saved(response):
            assert named is not None and named.reason == last(reason).strip()
        else:
            assert refused(response), response.status_code
            assert named is None

    post()
