"""In a real browser: the Team list follows the chosen service, and every record list fits a desktop and
scrolls inside its own frame on a phone, with axe finding nothing at either size."""

import pytest
from playwright.sync_api import expect

from activity.models import Area, Category, Service, Team
from activity.record_types import RECORD_TYPES
from demo.reference import load_reference
from demo.users import load_users
from tests.factories import FACTORIES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


@pytest.fixture
def reference_and_users():
    """The demo's areas, services, teams, categories and users, without its thousands of records."""
    load_reference()
    return load_users()


@pytest.fixture
def a_record_of_each_kind(reference_and_users):
    """Three records of each kind, with the demo's longest names where a record has them."""
    by = reference_and_users["lead"]
    area = Area.objects.get(slug="oxfordshire")
    service = max(Service.objects.all(), key=lambda each: len(each.name))
    longest = {
        "service": service,
        "team": max(Team.objects.filter(service=service), key=lambda each: len(each.name)),
        "category": max(Category.objects.filter(client_group="family"), key=lambda each: len(each.name)),
        "case_reference": "DEMO0473900",
    }
    for slug, factory in FACTORIES.items():
        fields = {field.name for field in RECORD_TYPES[slug].model._meta.fields}
        for _ in range(3):
            factory(area=area, by=by, **{name: value for name, value in longest.items() if name in fields})


def _team_names(page) -> list[str]:
    return page.locator("#id_team option").evaluate_all("options => options.map(option => option.textContent)")


def test_the_team_list_offers_only_the_chosen_services_teams(
    live_server, page, axe_check, reference_and_users, sign_in
):
    sign_in("practitioner")
    page.goto(f"{live_server.url}/records/consultations/new/")
    # The practitioner's usual service is chosen for her, and with it its teams.
    expect(page.get_by_label("Service (optional)")).to_have_value(str(Service.objects.get(slug="community-health").pk))
    community_teams = sorted(Team.objects.filter(service__slug="community-health").values_list("name", flat=True))
    assert _team_names(page) == ["Choose a team", *community_teams]

    page.get_by_label("Service (optional)").select_option(label="Specialised Services")
    assert _team_names(page) == ["Choose a team", "Eating Disorders", "Forensic Services"]
    page.get_by_label("Team (optional)").select_option(label="Forensic Services")

    # Another service: the team chosen is not one of its teams, so it is no longer chosen.
    page.get_by_label("Service (optional)").select_option(label="Bucks Mental Health")
    expect(page.get_by_label("Team (optional)")).to_have_value("")
    assert "Forensic Services" not in _team_names(page)
    axe_check(page)


@pytest.mark.parametrize("slug", list(RECORD_TYPES))
def test_every_record_list_fits_a_desktop_and_scrolls_in_its_frame_on_a_phone(
    live_server, page, axe_check, a_record_of_each_kind, sign_in, slug
):
    sign_in("lead")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/records/{slug}/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    frame = page.get_by_role("region", name=RECORD_TYPES[slug].plural)
    frame_box = frame.bounding_box()
    for header in table.get_by_role("columnheader").all():
        expect(header).to_be_visible()
        box = header.bounding_box()
        # Within the frame (give or take the frontend's 2px header border): nothing is hidden off to one side.
        assert frame_box["x"] - 4 <= box["x"] and box["x"] + box["width"] <= frame_box["x"] + frame_box["width"] + 4
    axe_check(page)

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    frame = page.get_by_role("region", name=RECORD_TYPES[slug].plural)
    if frame.evaluate("region => region.scrollWidth > region.clientWidth"):
        # Wider than the phone: the table scrolls inside its frame, which takes the keyboard's focus.
        expect(frame).to_have_attribute("tabindex", "0")
        frame.focus()
        page.keyboard.press("ArrowRight")
        expect(frame).not_to_have_js_property("scrollLeft", 0)
    axe_check(page)
