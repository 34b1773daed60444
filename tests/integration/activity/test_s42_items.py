"""s.42 enquiries with the Safeguarding Adults Collection's items: logged and corrected in the form, shown on the
record's page ("Not recorded" where blank), filtered in the list, imported and exported."""

import csv
import io
import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import roles
from activity import actions
from activity.exporting import write_csv
from activity.importing import apply_import, plan_import
from activity.models import Area, S42Enquiry
from core.periods import FinancialYear
from demo.reference import load_reference
from reports.figures import year_value
from tests.factories import S42EnquiryFactory, UserFactory

NEW = reverse("record_new", args=["s42-enquiries"])
LIST = reverse("record_list", args=["s42-enquiries"])


@pytest.fixture
def oxon(db):
    load_reference()
    return Area.objects.get(slug="oxfordshire")


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


def _post(client, **data):
    return client.post(NEW, {"date": "01/06/2021", "area": oxon_pk(), **data})


def oxon_pk():
    return Area.objects.get(slug="oxfordshire").pk


def _errors(response):
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


# Logging and correcting


def test_a_full_enquiry_is_saved_with_every_item(signed_in, oxon):
    response = _post(
        signed_in,
        delegated_s75="True",
        risk_neglect="on",
        risk_financial="on",
        location_of_risk="own_home",
        source_of_risk="other_known",
        concluded_on="01/09/2021",
        action_taken="risk_action",
        risk_result="reduced",
        outcomes_asked="asked_expressed",
        outcomes_achieved="partly",
        lacked_capacity="yes",
        advocacy="yes",
    )
    assert response.status_code == 302
    enquiry = S42Enquiry.objects.get()
    assert enquiry.delegated_s75 is True
    assert enquiry.risk_types == ["risk_financial", "risk_neglect"]
    assert (enquiry.location_of_risk, enquiry.source_of_risk) == ("own_home", "other_known")
    assert enquiry.concluded_on == date(2021, 9, 1)
    assert (enquiry.action_taken, enquiry.risk_result) == ("risk_action", "reduced")
    assert (enquiry.outcomes_asked, enquiry.outcomes_achieved) == ("asked_expressed", "partly")
    assert (enquiry.lacked_capacity, enquiry.advocacy) == ("yes", "yes")


def test_an_enquiry_with_nothing_recorded_is_saved_blank(signed_in, oxon):
    assert _post(signed_in).status_code == 302
    enquiry = S42Enquiry.objects.get()
    assert enquiry.delegated_s75 is None
    assert enquiry.risk_types == []
    assert enquiry.location_of_risk == enquiry.action_taken == enquiry.advocacy == ""


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"action_taken": "risk_no_action", "risk_result": "removed"}, "risk_result", "Result:"),
        ({"action_taken": "no_risk_action", "risk_result": "removed"}, "risk_result", "Result:"),
        ({"risk_result": "remained"}, "risk_result", "Result:"),
        ({"outcomes_asked": "not_asked", "outcomes_achieved": "fully"}, "outcomes_achieved", "Desired outcomes"),
        ({"outcomes_asked": "asked_none_expressed", "outcomes_achieved": "not"}, "outcomes_achieved", "Desired"),
        ({"lacked_capacity": "no", "advocacy": "yes"}, "advocacy", "Supported by an advocate"),
        ({"advocacy": "no"}, "advocacy", "Supported by an advocate"),
        ({"concluded_on": "31/05/2021"}, "concluded_on", "cannot be concluded before it was requested"),
    ],
)
def test_the_rules_between_the_items_are_said_once_on_the_field(signed_in, oxon, data, field, words):
    response = _post(signed_in, **data)
    assert response.status_code == 200
    errors = _errors(response)
    assert len(errors[field]) == 1
    assert words in errors[field][0]
    assert not S42Enquiry.objects.exists()
    # and the person's choices are still on the page
    page = response.content.decode()
    assert "There is a problem" in page


@pytest.mark.parametrize(
    "data",
    [
        {"action_taken": "inconclusive_action", "risk_result": "removed"},
        {"outcomes_asked": "asked_expressed", "outcomes_achieved": "not"},
        {"lacked_capacity": "yes", "advocacy": "not_known"},
    ],
)
def test_an_item_is_accepted_where_its_rule_allows_it(signed_in, oxon, data):
    assert _post(signed_in, **data).status_code == 302


def test_the_database_refuses_what_the_rules_refuse(oxon, lead):
    enquiry = S42EnquiryFactory(area=oxon, by=lead)
    for field, value in (("risk_result", "removed"), ("outcomes_achieved", "fully"), ("advocacy", "yes")):
        with pytest.raises(IntegrityError), transaction.atomic():
            S42Enquiry.objects.filter(pk=enquiry.pk).update(**{field: value})


def test_the_form_asks_in_fieldsets_with_one_group_for_the_types_of_risk(signed_in, oxon):
    page = signed_in.get(NEW).content.decode()
    assert page.count('<fieldset class="nhsuk-fieldset') >= 6
    assert page.count(">Types of risk</h2>") == 1
    assert "Neglect and acts of omission" in page and "Modern slavery" in page
    assert page.count("Not recorded</option>") == 9
    order = [
        page.index(words)
        for words in ("The enquiry<", "Types of risk<", "Location of risk", "Result", "Supported by an advocate")
    ]
    assert order == sorted(order)


def test_correcting_an_enquiry_keeps_its_items_and_asks_why(signed_in, oxon, lead):
    enquiry = S42EnquiryFactory(area=oxon, by=lead, risk_physical=True, delegated_s75=False, location_of_risk="other")
    edit = reverse("record_edit", args=["s42-enquiries", enquiry.reference])
    page = signed_in.get(edit).content.decode()
    assert re.search(r'id="id_risk_physical"\s+name="risk_physical"\s+type="checkbox"\s*checked', page)
    assert not re.search(r'id="id_risk_neglect"\s+name="risk_neglect"\s+type="checkbox"\s*checked', page)
    assert '<option value="False" selected>No</option>' in page
    data = {
        "date": "01/06/2021",
        "area": oxon.pk,
        "delegated_s75": "False",
        "risk_self_neglect": "on",
        "location_of_risk": "other",
        "version": enquiry.version,
        "reason": "The local authority told us the type",
    }
    assert signed_in.post(edit, data).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.risk_types == ["risk_self_neglect"]
    assert enquiry.delegated_s75 is False
    assert enquiry.history.first().history_change_reason == "The local authority told us the type"


# The record's page


def test_the_page_shows_every_item_and_not_recorded_where_blank(signed_in, oxon, lead):
    enquiry = S42EnquiryFactory(area=oxon, by=lead)
    page = signed_in.get(reverse("record_detail", args=["s42-enquiries", enquiry.reference])).content.decode()
    for label in (
        "Delegated under s.75",
        "Types of risk",
        "Location of risk",
        "Source of risk",
        "Action taken",
        "Result",
        "Asked about desired outcomes",
        "Desired outcomes achieved",
        "Assessed as lacking capacity",
        "Supported by an advocate, family or friend",
    ):
        assert f'<dt class="nhsuk-summary-list__key">{label}</dt>' in page
    assert page.count(">Not recorded</dd>") == 10
    assert "Not concluded yet" in page


def test_the_page_shows_the_items_recorded(signed_in, oxon, lead):
    enquiry = S42EnquiryFactory(
        area=oxon,
        by=lead,
        risk_neglect=True,
        risk_financial=True,
        delegated_s75=True,
        action_taken="risk_action",
        risk_result="removed",
    )
    page = signed_in.get(reverse("record_detail", args=["s42-enquiries", enquiry.reference])).content.decode()
    assert "Financial or material abuse; Neglect and acts of omission</dd>" in page
    assert ">Risk identified and action taken</dd>" in page and ">Risk removed</dd>" in page
    assert ">Yes</dd>" in page


# Lists


@pytest.fixture
def listed(oxon, lead):
    make = S42EnquiryFactory
    return {
        "neglect": make(area=oxon, by=lead, risk_neglect=True, location_of_risk="own_home", delegated_s75=True),
        "financial": make(
            area=oxon,
            by=lead,
            risk_financial=True,
            source_of_risk="service_provider",
            concluded_on=date(2021, 8, 1),
            action_taken="risk_action",
            risk_result="reduced",
            outcome_shared_on=date(2021, 8, 2),
            delegated_s75=False,
        ),
        "blank": make(area=oxon, by=lead),
    }


def _listed(client, **query):
    response = client.get(LIST, query)
    return {record.reference for record in response.context["table"].data}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"risk_type": "risk_neglect"}, {"neglect"}),
        ({"risk_type": "not_recorded"}, {"blank"}),
        ({"location_of_risk": "own_home"}, {"neglect"}),
        ({"location_of_risk": "not_recorded"}, {"financial", "blank"}),
        ({"source_of_risk": "service_provider"}, {"financial"}),
        ({"action_taken": "risk_action"}, {"financial"}),
        ({"risk_result": "reduced"}, {"financial"}),
        ({"risk_result": "not_recorded"}, {"neglect", "blank"}),
        ({"delegated_s75": "yes"}, {"neglect"}),
        ({"delegated_s75": "no"}, {"financial"}),
        ({"delegated_s75": "not_recorded"}, {"blank"}),
        ({"delegated_s75": "counted"}, {"financial", "blank"}),
        ({"concluded": "yes"}, {"financial"}),
        ({"concluded": "no"}, {"neglect", "blank"}),
        ({"outcome_shared": "yes"}, {"financial"}),
        ({"outcome_shared": "no"}, {"neglect", "blank"}),
    ],
)
def test_the_list_filters_on_the_items(signed_in, listed, query, expected):
    assert _listed(signed_in, **query) == {listed[name].reference for name in expected}


def test_the_lists_queries_do_not_grow_with_its_rows(signed_in, oxon, lead, django_assert_max_num_queries):
    for _ in range(30):
        S42EnquiryFactory(area=oxon, by=lead, risk_neglect=True)
    query = {"risk_type": "risk_neglect", "delegated_s75": "counted", "concluded": "no", "risk_result": "not_recorded"}
    with django_assert_max_num_queries(12):
        response = signed_in.get(LIST, query)
    assert response.context["count"] == 30


# Import and export

OLD_HEADERS = ["Reference", "Date requested", "Area", "Service", "Outcome shared on", "Case reference"]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _plan(user, rows):
    return plan_import(kind="s42-enquiries", content=_csv(rows), file_name="s42.csv", user=user)


OLD_ROW = {
    "Reference": "S42-OLD-1",
    "Date requested": "2021-06-01",
    "Area": "Oxfordshire",
    "Service": "",
    "Outcome shared on": "",
    "Case reference": "AB1",
}


def test_a_file_from_before_the_items_still_imports_and_leaves_them_not_recorded(oxon, lead):
    plan = _plan(lead, [OLD_ROW])
    assert (plan.file_error, plan.errors, plan.new_count) == (None, [], 1)
    apply_import(plan, by=lead)
    enquiry = S42Enquiry.objects.get()
    assert enquiry.delegated_s75 is None and enquiry.risk_types == [] and enquiry.location_of_risk == ""


NEW_ROW = {
    **OLD_ROW,
    "Delegated under s.75": "no",
    "Types of risk": "neglect and acts of omission; FINANCIAL ; risk_self_neglect",
    "Location of risk": "Care home (nursing)",
    "Source of risk": "service_provider",
    "Date concluded": "2021-07-01",
    "Action taken": "Risk identified and action taken",
    "Result": "risk removed",
    "Asked about desired outcomes": "Asked, and outcomes were expressed",
    "Desired outcomes achieved": "Fully achieved",
    "Assessed as lacking capacity": "Yes",
    "Supported by an advocate, family or friend": "not recorded",
}


def test_the_items_are_read_from_their_columns_by_label_or_code_in_any_case(oxon, lead):
    plan = _plan(lead, [NEW_ROW])
    assert plan.errors == []
    apply_import(plan, by=lead)
    enquiry = S42Enquiry.objects.get()
    assert enquiry.delegated_s75 is False
    assert enquiry.risk_types == ["risk_financial", "risk_neglect", "risk_self_neglect"]
    assert (enquiry.location_of_risk, enquiry.source_of_risk) == ("care_home_nursing", "service_provider")
    assert enquiry.concluded_on == date(2021, 7, 1)
    assert (enquiry.action_taken, enquiry.risk_result) == ("risk_action", "removed")
    assert (enquiry.outcomes_asked, enquiry.outcomes_achieved) == ("asked_expressed", "fully")
    assert (enquiry.lacked_capacity, enquiry.advocacy) == ("yes", "")


def test_a_bad_type_of_risk_names_the_row_the_column_and_the_value_once(oxon, lead):
    plan = _plan(lead, [NEW_ROW, {**NEW_ROW, "Reference": "S42-OLD-2", "Types of risk": "Neglect; Bullying"}])
    assert [(error.row_number, error.column, error.value) for error in plan.errors] == [
        (3, "Types of risk", "Neglect; Bullying")
    ]
    assert "'Bullying'" in plan.errors[0].reason
    assert "Neglect" not in plan.errors[0].reason.split("'Bullying'")[0]


def test_a_rule_between_the_items_is_refused_on_its_row(oxon, lead):
    plan = _plan(lead, [{**NEW_ROW, "Action taken": "No risk identified and no action taken"}])
    assert [(error.row_number, error.column) for error in plan.errors] == [(2, "Result")]
    assert not S42Enquiry.objects.exists()


def test_a_change_to_one_type_of_risk_is_imported_as_a_change(oxon, lead):
    apply_import(_plan(lead, [NEW_ROW]), by=lead)
    plan = _plan(lead, [{**NEW_ROW, "Types of risk": "Neglect and acts of omission; Modern slavery"}])
    assert (plan.errors, plan.changed_count) == ([], 1)
    apply_import(plan, by=lead)
    assert S42Enquiry.objects.get().risk_types == ["risk_neglect", "risk_modern_slavery"]


def test_an_export_imports_back_unchanged(oxon, lead):
    S42EnquiryFactory(
        area=oxon,
        by=lead,
        risk_neglect=True,
        risk_domestic_abuse=True,
        delegated_s75=True,
        location_of_risk="hospital_mental_health",
        source_of_risk="other_unknown",
        concluded_on=date(2021, 7, 1),
        action_taken="inconclusive_action",
        risk_result="remained",
        outcomes_asked="asked_expressed",
        outcomes_achieved="not",
        lacked_capacity="yes",
        advocacy="no",
    )
    S42EnquiryFactory(area=oxon, by=lead)
    content = write_csv(S42Enquiry, S42Enquiry.objects.all())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert "Types of risk" in rows[0]
    assert "Neglect and acts of omission; Domestic abuse" in rows[1] + rows[2]
    plan = plan_import(kind="s42-enquiries", content=content, file_name="back.csv", user=lead)
    assert (plan.errors, plan.new_count, plan.changed_count, plan.unchanged_count) == ([], 0, 0, 2)


def test_a_practitioner_elsewhere_cannot_import_into_an_area_they_do_not_have(oxon):
    elsewhere = UserFactory(role=roles.PRACTITIONER, areas=[Area.objects.get(slug="swindon")])
    plan = _plan(elsewhere, [NEW_ROW])
    assert plan.errors and plan.errors[0].column == "Area"


# The s.42 figure


def test_the_s42_figure_leaves_out_enquiries_delegated_under_s75_and_counts_those_not_recorded(oxon, lead):
    S42EnquiryFactory(area=oxon, by=lead, delegated_s75=True)
    S42EnquiryFactory(area=oxon, by=lead, delegated_s75=False)
    blank = S42EnquiryFactory(area=oxon, by=lead)
    year = FinancialYear(2021)
    assert year_value("s42_enquiries", year) == 2
    # a correction reaches the daily counts the figure reads
    blank.delegated_s75 = True
    actions.update_record(record=blank, by=lead, reason="Delegated after all", expected_version=blank.version)
    assert year_value("s42_enquiries", year) == 1
