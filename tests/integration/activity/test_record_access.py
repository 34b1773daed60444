"""Record-level access through every page that shows a record, decided by what the user's areas allow.

The practitioner here works in two areas, North (with City below it) and South, and not in
North East, whose slug begins with North's (so a careless "starts with" on slugs would leak it).
test_visibility proves the queryset; these tests prove each page that reads records goes through it,
and that no query parameter widens it.
"""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from activity import actions
from activity.models import Consultation
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear
from reports.annual import actions as report_actions
from tests.catalogue import sample_record
from tests.factories import AreaFactory, UserFactory

KINDS = list(RECORD_TYPES)
MINE = ("north", "city", "south")  # the practitioner's areas and the area below one of them
NOT_MINE = "north-east"
YEAR = FinancialYear(2021)


class Place:
    """Five areas, one record of every kind in each of the four below the trust, the practitioner and a lead."""

    def __init__(self):
        trust = AreaFactory(slug="trust", name="Trust")
        north = AreaFactory(slug="north", name="North", parent=trust)
        self.areas = {
            "trust": trust,
            "north": north,
            "city": AreaFactory(slug="city", name="City", parent=north),
            "north-east": AreaFactory(slug="north-east", name="North East", parent=trust),
            "south": AreaFactory(slug="south", name="South", parent=trust),
        }
        self.practitioner = UserFactory(
            username="practitioner", role=roles.PRACTITIONER, areas=[north, self.areas["south"]]
        )
        self.lead = UserFactory(username="lead", role=roles.LEAD)
        self.records = {
            kind: {
                slug: sample_record(kind, area=self.areas[slug], by=self.lead, case_reference=f"CASE-{slug}-{kind}")
                for slug in ("north", "city", "north-east", "south")
            }
            for kind in KINDS
        }

    def fresh(self, kind, slug):
        """The record as stored now: tests that change records work on a copy, never on the shared one."""
        record = self.records[kind][slug]
        return type(record).with_archived.get(pk=record.pk)

    def references(self, kind, slugs):
        return {self.records[kind][slug].reference for slug in slugs}

    def every_reference(self, kind):
        return self.references(kind, self.records[kind])


@pytest.fixture(scope="module")
def place(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back after it; each test's own changes roll back with the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Place()
        transaction.set_rollback(True)


@pytest.fixture
def signed_in_practitioner(client, db, place):
    """The place's practitioner (North and South, not the shared one), signed in on the test's client."""
    client.force_login(place.practitioner)
    return place.practitioner


def _list(client, kind, **params):
    return client.get(reverse("record_list", args=[kind]), params)


def _references_in_file(content: bytes, file_format: str, every: set[str]) -> set[str]:
    """The known references that appear in any cell of an exported file."""
    if file_format == "csv":
        cells = {cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row}
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}
    return cells & every


# -- a practitioner with two areas -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_practitioner_opens_records_of_their_areas_and_below_and_no_other(
    client, place, signed_in_practitioner, kind
):
    for slug, record in place.records[kind].items():
        response = client.get(reverse("record_detail", args=[kind, record.reference]))
        assert response.status_code == (200 if slug in MINE else 404), slug


@pytest.mark.parametrize("kind", KINDS)
def test_a_practitioners_list_holds_the_records_of_their_areas_only(client, place, signed_in_practitioner, kind):
    response = _list(client, kind)
    assert response.context["count"] == len(MINE)
    page = response.content.decode()
    assert {reference for reference in place.every_reference(kind) if reference in page} == place.references(kind, MINE)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_practitioners_export_holds_the_records_of_their_areas_only(
    client, place, signed_in_practitioner, kind, file_format
):
    response = _list(client, kind, export=file_format)
    assert response.status_code == 200
    found = _references_in_file(response.content, file_format, place.every_reference(kind))
    assert found == place.references(kind, MINE)


@pytest.mark.parametrize("field", ["reference", "case_reference"])
def test_searching_for_another_areas_record_finds_nothing(client, place, signed_in_practitioner, field):
    theirs = getattr(place.records["consultations"][NOT_MINE], field)
    mine = getattr(place.records["consultations"]["south"], field)
    assert _list(client, "consultations", q=theirs).context["count"] == 0
    assert _list(client, "consultations", q=mine).context["count"] == 1
    assert _list(client, "consultations", q="CASE-", export="csv").content.count(b"CASE-") == len(MINE)


@pytest.mark.parametrize(
    ("area", "expected"),
    [("trust", MINE), ("north", ("north", "city")), ("city", ("city",)), ("south", ("south",)), (NOT_MINE, ())],
)
def test_filtering_by_area_narrows_what_a_practitioner_sees_and_never_widens_it(
    client, place, signed_in_practitioner, area, expected
):
    area_id = place.areas[area].pk
    response = _list(client, "consultations", area=area_id)
    assert response.context["count"] == len(expected)
    exported = _list(client, "consultations", area=area_id, export="xlsx").content
    every = place.every_reference("consultations")
    assert _references_in_file(exported, "xlsx", every) == place.references("consultations", expected)


def test_the_dashboards_drill_down_links_show_a_practitioner_nothing_of_another_area(
    client, place, signed_in_practitioner
):
    """The links a lead follows from the dashboard, opened by the practitioner: the same figures in the
    practitioner's own areas, nothing from the area that is not theirs."""
    client.force_login(place.lead)

    def drill_downs(area):
        board = client.get(reverse("dashboard"), {"year": YEAR.start_year, "area": place.areas[area].pk})
        return [headline.url for headline in board.context["board"].headlines if headline.url.startswith("/records/")]

    theirs, mine = drill_downs(NOT_MINE), drill_downs("north")
    lead_counts = {url: client.get(url).context["count"] for url in theirs + mine}
    assert sum(lead_counts[url] for url in theirs) > 0, "the lead's drill-downs should find North East's records"

    client.force_login(place.practitioner)
    for url in theirs + mine:
        response = client.get(url)
        if response.status_code == 403:  # a kind the practitioner may not read at all
            continue
        assert response.context["count"] == (0 if url in theirs else lead_counts[url]), url


def test_archived_records_of_another_area_stay_hidden(client, place, signed_in_practitioner):
    for slug in ("north", NOT_MINE):
        actions.archive_record(record=place.fresh("consultations", slug), by=place.lead, reason="Logged twice")
    response = _list(client, "consultations", show="archived")
    page = response.content.decode()
    assert response.context["count"] == 1
    assert place.records["consultations"]["north"].reference in page
    assert place.records["consultations"][NOT_MINE].reference not in page
    theirs = place.records["consultations"][NOT_MINE].reference
    assert client.get(reverse("record_detail", args=["consultations", theirs])).status_code == 404


def test_a_review_of_another_area_cannot_be_read(client, place, signed_in_practitioner):
    theirs = place.records["reviews"][NOT_MINE]
    assert client.get(reverse("record_detail", args=["reviews", theirs.reference])).status_code == 404
    assert theirs.reference not in _list(client, "reviews").content.decode()


def test_even_a_user_allowed_to_change_review_actions_reaches_only_the_reviews_of_their_areas(client, place, db):
    """No role has review actions without every area; if one ever does, the pages still keep to its areas."""
    user = UserFactory(role=roles.PRACTITIONER, areas=[place.areas["north"]])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_reviewaction", "change_reviewaction"]))
    actions_of = {
        slug: actions.add_review_action(
            review=place.fresh("reviews", slug),
            by=place.lead,
            description="Share the learning",
            owner_note="Named nurse",
            agreed_on=date(2021, 6, 2),
            due_on=date(2021, 9, 1),
        )
        for slug in ("north", NOT_MINE)
    }
    client.force_login(user)
    for slug, expected in (("north", 200), (NOT_MINE, 404)):
        review = place.records["reviews"][slug]
        assert client.get(reverse("review_action_new", args=[review.reference])).status_code == expected
        edit = reverse("review_action_edit", args=[review.reference, actions_of[slug].pk])
        assert client.get(edit).status_code == expected
    theirs = place.fresh("reviews", NOT_MINE)
    before = theirs.actions.count()
    response = client.post(
        reverse("review_action_new", args=[theirs.reference]),
        {
            "description": "x",
            "owner": str(user.pk),
            "agreed_on": "01/06/2021",
            "due_on": "01/09/2021",
            "status": "open",
        },
    )
    assert response.status_code == 404
    assert theirs.actions.count() == before


def test_a_practitioner_cannot_edit_or_archive_another_areas_record(client, place, signed_in_practitioner):
    theirs = place.fresh("consultations", NOT_MINE)
    edit = reverse("record_edit", args=["consultations", theirs.reference])
    archive = reverse("record_archive", args=["consultations", theirs.reference])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"reason": "Tidying", "version": theirs.version}).status_code == 404
    assert client.get(archive).status_code == 404
    assert client.post(archive, {"reason": "Logged twice"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.is_archived, theirs.version) == (False, 1)


def test_a_practitioner_cannot_restore_any_record_and_a_restorer_only_in_their_areas(client, place, db):
    for slug in ("north", NOT_MINE):
        actions.archive_record(record=place.fresh("consultations", slug), by=place.lead, reason="Logged twice")
    url = {
        slug: reverse("record_restore", args=["consultations", place.records["consultations"][slug].reference])
        for slug in ("north", NOT_MINE)
    }
    client.force_login(place.practitioner)
    assert client.get(url[NOT_MINE]).status_code == 403
    # No role restores without every area; if one ever does, restoring keeps to its areas.
    restorer = UserFactory(role=roles.PRACTITIONER, areas=[place.areas["north"]])
    restorer.user_permissions.add(Permission.objects.get(codename="restore_records"))
    client.force_login(restorer)
    assert client.get(url["north"]).status_code == 200
    assert client.get(url[NOT_MINE]).status_code == 404
    assert client.post(url[NOT_MINE], {"reason": "Not a duplicate"}).status_code == 404
    assert place.fresh("consultations", NOT_MINE).is_archived


def test_a_practitioner_cannot_log_or_move_a_record_into_another_area(client, place, signed_in_practitioner):
    consultation = {"date": "01/06/2021", "client_group": "child", "mode": "telephone", "outcome": "advice"}
    new = reverse("record_new", args=["consultations"])
    before = Consultation.objects.count()
    response = client.post(new, {**consultation, "area": place.areas[NOT_MINE].pk})
    assert list(response.context["form"].errors) == ["area"]
    assert Consultation.objects.count() == before
    assert client.post(new, {**consultation, "area": place.areas["city"].pk}).status_code == 302

    mine = place.records["consultations"]["south"]
    edit = reverse("record_edit", args=["consultations", mine.reference])
    correction = {**consultation, "reason": "Moving it", "version": 1}
    response = client.post(edit, {**correction, "area": place.areas[NOT_MINE].pk})
    assert list(response.context["form"].errors) == ["area"]
    assert place.fresh("consultations", "south").area == place.areas["south"]
    assert client.post(edit, {**correction, "area": place.areas["north"].pk}).status_code == 302


def test_the_counts_on_the_home_page_and_the_records_index_are_of_the_practitioners_areas(
    client, place, signed_in_practitioner
):
    home = {item["label"]: item["all_years"] for item in client.get(reverse("home")).context["record_counts"]}
    index = {item["type"].slug: item["all_years"] for item in client.get(reverse("records_index")).context["kinds"]}
    assert set(home.values()) == {len(MINE)}
    assert index == {kind: len(MINE) for kind in KINDS}


def test_taking_an_area_away_takes_its_records_away_at_the_next_request(client, place, signed_in_practitioner):
    south = place.records["consultations"]["south"].reference
    detail = reverse("record_detail", args=["consultations", south])
    assert client.get(detail).status_code == 200
    signed_in_practitioner.areas.remove(place.areas["south"])
    assert client.get(detail).status_code == 404
    assert _list(client, "consultations").context["count"] == 2
    exported = _list(client, "consultations", export="csv").content
    assert _references_in_file(exported, "csv", {south}) == set()
    signed_in_practitioner.areas.add(place.areas["north-east"])
    assert _list(client, "consultations").context["count"] == 3


# -- roles that read figures, and the lead --------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY])
def test_roles_that_read_figures_cannot_open_or_export_any_record(client, place, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("records_index")).status_code == 403
    for kind in KINDS:
        for record in place.records[kind].values():
            assert client.get(reverse("record_detail", args=[kind, record.reference])).status_code == 403
        for file_format in ("csv", "xlsx"):
            assert _list(client, kind, export=file_format).status_code == 403


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY])
def test_roles_that_read_figures_see_the_dashboard_and_the_reports(client, place, db, role):
    report = report_actions.create_report(year=YEAR, by=place.lead)
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("dashboard"), {"area": place.areas[NOT_MINE].pk}).status_code == 200
    assert client.get(reverse("report_list")).status_code == 200
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 200


@pytest.mark.parametrize("field", ["reference", "case_reference"])
@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY])
def test_roles_that_read_figures_cannot_tell_whether_a_reference_exists(client, place, db, role, field):
    """Their lists have no identifiers, so searching one must not answer 'there is such a record, here is
    its date, area and service': the answer is the same for a reference that exists and one that does not."""
    client.force_login(UserFactory(role=role))
    known = getattr(place.records["consultations"][NOT_MINE], field)
    found = _list(client, "consultations", q=known)
    not_found = _list(client, "consultations", q="CASE-NOBODY")
    assert found.status_code == not_found.status_code
    if found.status_code == 200:
        assert found.context["count"] == not_found.context["count"], (
            f"searching the figures-only list for an existing {field} finds it: the search tells them it exists"
        )


@pytest.mark.parametrize("kind", KINDS)
def test_a_lead_sees_every_areas_records(client, place, db, kind):
    client.force_login(place.lead)
    assert _list(client, kind).context["count"] == len(place.records[kind])
    theirs = place.records[kind][NOT_MINE].reference
    assert client.get(reverse("record_detail", args=[kind, theirs])).status_code == 200
    exported = _list(client, kind, export="csv").content
    assert _references_in_file(exported, "csv", place.every_reference(kind)) == place.every_reference(kind)


# -- who can widen access -------------------------------------------------------------------------------


def test_an_administrator_cannot_make_anyone_a_superuser_or_hand_out_single_permissions(client, place, db):
    """A superuser sees every record of every area, and a single permission can be view_all_areas: neither is a
    role, so the administrator (who keeps users and their roles) must not be able to set them, even on themselves."""
    administrator = UserFactory(role=roles.ADMINISTRATOR, is_staff=True)
    client.force_login(administrator)
    for user in (administrator, place.practitioner):
        page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
        assert page.status_code == 200
        editable = set(page.context["adminform"].form.fields)
        assert editable.isdisjoint({"is_superuser", "user_permissions"}), (
            f"the administrator can set {sorted(editable & {'is_superuser', 'user_permissions'})} on {user}"
        )
