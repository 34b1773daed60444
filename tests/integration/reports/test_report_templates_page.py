"""A lead makes a new kind of report from an existing one on its page; the new kind is then offered when anyone
starts a report, and a report started from it has the same sections and tables."""

import pytest
from django.urls import reverse

from accounts import roles
from activity.models import Area
from core.periods import FinancialYear
from reports.annual import actions
from reports.models import Report, ReportTemplate
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(lead):
    trust = AreaFactory(slug="trust", name="Trust")
    AreaFactory(slug="swindon", name="Swindon", parent=trust)
    return actions.create_report(year=FinancialYear(2021), by=lead)


def test_a_lead_makes_a_new_kind_of_report_and_starts_one_from_it(client, lead, report):
    client.force_login(lead)
    url = reverse("report_save_template", args=[report.pk])
    data = {"name": "Quarterly pack for Swindon", "description": "", "cadence": "quarter", "deadline_days": "30"}
    response = client.post(url, data, follow=True)
    assert "Saved &#x27;Quarterly pack for Swindon&#x27;" in response.content.decode()
    template = ReportTemplate.objects.get(name="Quarterly pack for Swindon")
    assert (template.cadence, template.deadline_days, template.created_by) == ("quarter", 30, lead)

    page = client.get(reverse("report_list")).content.decode()
    assert f'<option value="{template.pk}">Quarterly pack for Swindon</option>' in page
    area = Area.objects.get(slug="swindon")
    response = client.post(
        reverse("report_list"), {"template": template.pk, "period": "2022/23 Q1", "area": area.pk}, follow=True
    )
    started = Report.objects.get(template=template)
    assert (started.period, started.area, started.title) == (
        "2022/23 Q1",
        area,
        "Annual safeguarding report Q1 2022/23: Swindon",
    )
    assert list(started.sections.values_list("title", flat=True)) == list(
        report.sections.values_list("title", flat=True)
    )


def test_a_name_already_taken_is_refused_and_what_was_typed_is_kept(client, lead, report):
    client.force_login(lead)
    url = reverse("report_save_template", args=[report.pk])
    data = {"name": "Annual report to the Board", "description": "Mine", "cadence": "", "deadline_days": "50"}
    before = ReportTemplate.objects.count()
    page = client.post(url, data).content.decode()
    assert "There is already a template called" in page
    assert 'value="50"' in page and "Mine</textarea>" in page
    assert ReportTemplate.objects.count() == before


def test_a_bad_period_on_the_new_report_form_is_refused_naming_the_field(client, lead, report):
    client.force_login(lead)
    page = client.post(
        reverse("report_list"), {"template": report.template.pk, "period": "2021/22 Q5", "area": ""}
    ).content.decode()
    assert "2021/22 Q5 is not a quarter" in page and 'value="2021/22 Q5"' in page
    assert Report.objects.count() == 1


def test_only_a_lead_may_make_a_new_kind_of_report(client, report):
    client.force_login(UserFactory(role=roles.SECRETARY))
    assert client.get(reverse("report_save_template", args=[report.pk])).status_code == 403
    assert client.post(reverse("report_save_template", args=[report.pk]), {"name": "Mine"}).status_code == 403
    assert not ReportTemplate.objects.filter(name="Mine").exists()
