"""Each kind of record is declared once, in its profile (activity.record_types): what reads it agrees with it."""

import pytest

from accounts import roles
from activity.forms import FORMS
from activity.record_types import RECORD_TYPES
from activity.tables import table_for

PROFILES = list(RECORD_TYPES.values())


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.slug for profile in PROFILES])
def test_a_profile_names_only_fields_its_model_has(profile):
    fields = {field.name for field in profile.model._meta.get_fields()}
    named = {*profile.form_fields, *profile.list_fields, *(column.field for column in profile.columns)}
    assert named - fields == set()
    assert set(profile.sample) - fields == set()


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.slug for profile in PROFILES])
def test_the_form_the_list_and_the_files_are_the_profiles(profile):
    assert list(FORMS[profile.model].base_fields) == list(profile.form_fields)
    assert FORMS[profile.model].date_label == profile.date_label
    status = ["status"] if profile.list_status else []
    assert list(table_for(profile.model).base_columns) == ["reference", *profile.list_fields, *status]
    # A column may be read more than once (an s.42 enquiry's types of risk: once per flag), never under another name.
    assert list(dict.fromkeys(column.header for column in profile.import_columns)) == [
        *(column.header for column in profile.export_columns),
        "Notes",
    ]


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.slug for profile in PROFILES])
def test_practitioners_log_the_kinds_their_profiles_say_and_only_those(profile):
    practitioner = set(roles.ROLE_PERMISSIONS[roles.PRACTITIONER])
    lead = set(roles.ROLE_PERMISSIONS[roles.LEAD])
    logs = {profile.permission("add"), profile.permission("change")}
    assert (logs <= practitioner) == profile.logged_by_practitioners
    assert logs <= lead and profile.permission("view") in practitioner


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.slug for profile in PROFILES])
def test_every_date_rule_of_a_kind_is_between_fields_its_form_asks_for(profile):
    for rule in profile.model.date_order:
        assert {rule.earlier, rule.later} <= set(profile.form_fields)
