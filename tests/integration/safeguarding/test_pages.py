from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import AreaFactory, ConsultationFactory, UserFactory


@pytest.fixture
def oxfordshire(db):
    return AreaFactory(slug="oxon", name="Oxfordshire")


def test_every_page_but_sign_in_needs_a_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"
    assert client.get(reverse("login")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message_and_the_username_kept(client, db):
    UserFactory(username="priya")
    response = client.post(reverse("login"), {"username": "priya", "password": "not-it"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="priya"' in page
    assert "_auth_user_id" not in client.session


def test_signing_in_leads_to_the_home_page_with_the_users_role_and_areas(client, oxfordshire):
    user = UserFactory(username="priya", first_name="Priya", role=roles.PRACTITIONER, areas=[oxfordshire])
    response = client.post(reverse("login"), {"username": "priya", "password": "a-long-test-password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert "Hello, Priya" in page
    assert roles.PRACTITIONER in page
    assert "Oxfordshire and the areas within it" in page
    assert response.context["user"] == user


def test_the_home_page_counts_only_the_records_the_user_may_see(client, oxfordshire):
    elsewhere = AreaFactory(slug="bucks", name="Buckinghamshire")
    today = date.today()
    for area in (oxfordshire, oxfordshire, elsewhere):
        ConsultationFactory(area=area, date=today)
    client.force_login(UserFactory(role=roles.PRACTITIONER, areas=[oxfordshire]))
    counts = {item["label"]: item for item in client.get(reverse("home")).context["record_counts"]}
    assert (counts["Consultations"]["this_year"], counts["Consultations"]["all_years"]) == (2, 2)
    assert counts["MASH enquiries"]["all_years"] == 0


def test_an_executive_sees_no_record_counts_on_the_home_page(client, oxfordshire):
    ConsultationFactory(area=oxfordshire, date=date.today())
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    response = client.get(reverse("home"))
    assert response.context["record_counts"] == []
    assert "Records you can see" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "is_staff", "expected"),
    [
        (roles.PRACTITIONER, False, ["Home", "Records", "Import"]),
        (roles.EXECUTIVE, False, ["Home", "Dashboard", "Reports"]),
        (roles.SECRETARY, False, ["Home", "Dashboard", "Reports", "Returns"]),
        (
            roles.LEAD,
            True,
            [
                "Home",
                "Dashboard",
                "Records",
                "Reports",
                "Returns",
                "Import",
                "Audit log",
                "Access changes",
                "Administration",
            ],
        ),
        (roles.ADMINISTRATOR, True, ["Home", "Audit log", "Access changes", "Administration"]),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(client, db, role, is_staff, expected):
    client.force_login(UserFactory(role=role, is_staff=is_staff))
    labels = [item["label"] for item in client.get(reverse("home")).context["navigation_items"]]
    assert labels == expected


def test_the_admin_site_refuses_staff_without_a_staff_flag(client, db):
    client.force_login(UserFactory(role=roles.PRACTITIONER))
    response = client.get(reverse("admin:activity_area_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_an_administrator_manages_reference_data_but_cannot_read_records(client, db):
    client.force_login(UserFactory(role=roles.ADMINISTRATOR, is_staff=True))
    assert client.get(reverse("admin:activity_area_changelist")).status_code == 200
    assert client.get("/admin/activity/consultation/").status_code == 404
    assert client.get(reverse("record_list", args=["consultations"])).status_code == 403


def test_a_lead_sees_records_of_every_area(client, oxfordshire):
    ConsultationFactory(area=oxfordshire)
    ConsultationFactory(area=AreaFactory(slug="bucks"))
    client.force_login(UserFactory(role=roles.LEAD, is_staff=True))
    response = client.get(reverse("record_list", args=["consultations"]))
    assert response.context["count"] == 2


def test_signing_out_ends_the_session(client, db):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_home_page_makes_a_fixed_number_of_queries(client, oxfordshire, django_assert_max_num_queries):
    user = UserFactory(role=roles.PRACTITIONER, areas=[oxfordshire])
    creator = UserFactory()
    for _ in range(30):
        ConsultationFactory(area=oxfordshire, date=date.today(), by=creator)
    client.force_login(user)
    # The session and user, the counts, a query for each kind of record the user logs (her recent ones), her
    # tasks: never one a record.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_a_record_added_by_a_lead_keeps_who_added_it(client, oxfordshire):
    from activity.models import MashEnquiry

    lead = UserFactory(role=roles.LEAD, is_staff=True)
    client.force_login(lead)
    response = client.post(
        reverse("record_new", args=["mash-enquiries"]),
        {"date": "01/06/2021", "area": oxfordshire.pk, "client_group": "child", "case_reference": "C1"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    enquiry = MashEnquiry.objects.get()
    assert (enquiry.created_by, enquiry.updated_by) == (lead, lead)
    assert enquiry.reference.startswith("MASH-")
