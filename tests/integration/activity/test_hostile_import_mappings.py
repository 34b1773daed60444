"""Hostile input (tests/hostile.py) in the column-mapping pages: a sample file's headings and values, the mapping's
name and columns, the values mapped, the reasons. Whatever is sent, the answer is never a server error, a form
refuses with a message and saves nothing or saves what it was given, and no page shows a script tag as markup."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from activity.forms_mappings import column_field_name
from activity.importing.mapping import import_kinds, save_mapping
from activity.models import ImportMapping
from tests import hostile
from tests.hostile import IMG, SCRIPT, assert_safe, data_for, fuzz, hostile_text, last, refused, saved

pytestmark = pytest.mark.django_db

world = hostile.world
lead_client = hostile.lead_client

HEADER = ["Ref No", "Contact date", "Locality", "Group", "Svc", "Team name", "Concern", "How", "Result", "Case no"]
ROWS = [
    ["OS-1", "01/06/2021", "Oxfordshire", "Grown-up", "", "", "", "Telephone", "Advice given", "AB1"],
    ["OS-2", "02/06/2021", "Oxfordshire", "Young person", "", "", "", "Telephone", "Advice given", "AB2"],
]
OURS_TO_THEIRS = dict(
    zip(
        ["Reference", "Date", "Area", "Client group", "Service", "Team", "Category of concern", "Mode", "Outcome",
         "Case reference"],
        HEADER,
        strict=True,
    )
)  # fmt: skip


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _sample(client, content=None, follow=False):
    upload = SimpleUploadedFile("sample.csv", content or _csv(HEADER, ROWS), content_type="text/csv")
    return client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": upload}, follow=follow)


def _columns_data(name="Other system"):
    kind = import_kinds()["consultations"]
    data = {"name": name}
    for index, column in enumerate(kind.columns):
        data[column_field_name(index)] = OURS_TO_THEIRS.get(column.header, "")
    return data


def test_a_hostile_sample_file_is_shown_safely_or_refused(lead_client):
    @fuzz
    @given(headings=st.lists(hostile_text, min_size=1, max_size=4), values=st.lists(hostile_text, max_size=4))
    @example(headings=[SCRIPT, IMG], values=[SCRIPT, IMG])
    def post(headings, values):
        header = [*HEADER, *headings]
        rows = [[*row, *values] for row in ROWS]
        response = _sample(lead_client, _csv(header, rows), follow=True)
        assert_safe(response)
        if saved(response):
            # a heading full of semicolons can make the file read as separated by them: then the columns differ
            columns = lead_client.post(reverse("import_mapping_columns"), _columns_data(), follow=True)
            assert_safe(columns)
            assert saved(columns) or refused(columns)
        else:
            assert refused(response)
        assert not ImportMapping.objects.exists()

    post()


def test_the_columns_given_hostile_values_are_refused_or_kept(lead_client):
    good = _columns_data()
    text = {"name"}

    @fuzz
    @given(data=data_for(good, text))
    @example(data={**good, "name": SCRIPT})
    @example(data={**good, column_field_name(1): IMG})
    def post(data):
        _sample(lead_client)
        response = lead_client.post(reverse("import_mapping_columns"), data, follow=True)
        assert_safe(response)
        if saved(response):
            draft = lead_client.session["import_mapping_draft"]
            assert draft["name"] == " ".join(last(data["name"]).split())
            assert draft["columns"]["Date"] == last(data[column_field_name(1)])
        else:
            assert refused(response)
        assert not ImportMapping.objects.exists()

    post()


def test_the_values_given_hostile_input_save_what_was_chosen_or_nothing(lead_client):
    _sample(lead_client)
    lead_client.post(reverse("import_mapping_columns"), _columns_data())
    form = lead_client.get(reverse("import_mapping_values")).context["form"]
    fields = {field.html_name: field.label for _, _, group in form.group_fields() for field in group}
    client_groups = [name for name, label in fields.items() if label in ("Grown-up", "Young person")]
    good = {client_groups[0]: "adult", client_groups[1]: "child"}

    @fuzz
    @given(data=data_for(good, set(good)))
    @example(data={client_groups[0]: SCRIPT, client_groups[1]: "child"})
    def post(data):
        ImportMapping.objects.all().delete()
        _sample(lead_client)
        lead_client.post(reverse("import_mapping_columns"), _columns_data())
        response = lead_client.post(reverse("import_mapping_values"), data, follow=True)
        assert_safe(response)
        if saved(response):
            mapping = ImportMapping.objects.get()
            chosen = {fields[name]: last(value) for name, value in data.items() if last(value)}
            assert mapping.values.get("Client group", {}) == chosen
        else:
            assert refused(response)
            assert not ImportMapping.objects.exists()

    post()


def test_deleting_given_a_hostile_reason_deletes_with_it_or_refuses(lead_client, world):
    @fuzz
    @given(reason=hostile.hostile_value)
    @example(reason=SCRIPT)
    def post(reason):
        ImportMapping.objects.all().delete()
        mapping = save_mapping(
            kind="consultations", name="Other system", columns=OURS_TO_THEIRS, values={}, by=world["lead"]
        )
        response = lead_client.post(
            reverse("import_mapping_delete", args=[mapping.pk]), {"reason": reason}, follow=True
        )
        assert_safe(response)
        if saved(response):
            assert not ImportMapping.objects.exists()
            deleted = ImportMapping.history.filter(history_type="-").latest("history_date")
            assert deleted.history_change_reason == last(reason).strip()
        else:
            assert refused(response)
            assert ImportMapping.objects.filter(pk=mapping.pk).exists()

    post()
