from datetime import date

import pytest
from django.core.exceptions import ValidationError

from activity import actions
from activity.models import Consultation, Return
from core.periods import FinancialYear
from tests.factories import AreaFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


def test_a_record_keeps_who_logged_it_and_who_changed_it_last(user):
    other = UserFactory()
    record = actions.create_record(
        model=Consultation, by=user, date=date(2021, 6, 1), area=AreaFactory(), client_group="child"
    )
    assert record.reference.startswith("CON-")
    assert (record.created_by, record.updated_by) == (user, user)
    actions.update_record(record=record, by=other, reason="Was a video call", mode=Consultation.Mode.VIDEO)
    record.refresh_from_db()
    assert (record.created_by, record.updated_by, record.mode) == (user, other, "video")


def test_a_write_without_a_user_is_refused(db):
    with pytest.raises(ValueError, match="needs the user"):
        actions.create_record(model=Consultation, by=None, date=date(2021, 6, 1), area=AreaFactory())


def test_a_record_with_a_bad_field_is_refused_naming_the_field(user):
    with pytest.raises(ValidationError) as refused:
        actions.create_record(
            model=Consultation, by=user, date=date(2021, 6, 1), area=AreaFactory(), client_group="martian"
        )
    assert "client_group" in refused.value.message_dict
    assert not Consultation.objects.exists()


def test_entering_a_return_again_corrects_it_and_keeps_who_entered_it_first(user):
    corrector = UserFactory()
    area = AreaFactory()
    first = actions.enter_return(
        metric="marac_referrals", area=area, period=FinancialYear(2021), value=2, source="MARAC", by=user
    )
    second = actions.enter_return(
        metric="marac_referrals", area=area, period=FinancialYear(2021), value=3, source="MARAC", by=corrector
    )
    assert first.pk == second.pk
    assert Return.objects.get().value == 3
    assert (second.entered_by, second.updated_by) == (user, corrector)


def test_a_quarter_return_inside_a_year_already_returned_is_refused(user):
    area = AreaFactory()
    year = FinancialYear(2021)
    actions.enter_return(metric="marac_referrals", area=area, period=year, value=2, source="MARAC", by=user)
    with pytest.raises(ValidationError, match="already exists"):
        actions.enter_return(
            metric="marac_referrals", area=area, period=year.quarters[1], value=1, source="MARAC", by=user
        )


def test_a_return_for_a_metric_that_does_not_exist_is_refused(user):
    with pytest.raises(ValidationError) as refused:
        actions.enter_return(
            metric="made_up", area=AreaFactory(), period=FinancialYear(2021), value=1, source="x", by=user
        )
    assert "metric" in refused.value.message_dict


def test_a_negative_return_is_refused_naming_the_value(user):
    with pytest.raises(ValidationError) as refused:
        actions.enter_return(
            metric="marac_referrals", area=AreaFactory(), period=FinancialYear(2021), value=-1, source="x", by=user
        )
    assert "value" in refused.value.message_dict
