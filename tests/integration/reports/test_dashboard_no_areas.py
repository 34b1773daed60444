"""A trust whose areas are not set up yet gets a dashboard that says so, not an error."""

from django.urls import reverse

from activity.models import Area


def test_the_dashboard_with_no_areas_says_what_to_do(client, lead):
    Area.objects.all().delete()
    client.force_login(lead)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "no areas have been set up" in response.content.decode()
