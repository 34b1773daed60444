"""The daily counts the figures read always agree with the records, whatever wrote them."""

from datetime import date

from activity import actions, rollups
from activity.models import ClientGroup, Consultation, DailyCount, MashEnquiry
from core.periods import FinancialYear
from reports.figures import year_table
from tests.factories import ConsultationFactory, MashEnquiryFactory, UserFactory

Y2020, Y2021 = FinancialYear(2020), FinancialYear(2021)


def _by_area(metric):
    return {row.label: row.values for row in year_table(metric, [Y2020, Y2021], by="area").rows}


def _counted_directly(area, year, **where):
    return Consultation.objects.filter(area=area, date__range=(year.start, year.end), **where).count()


def test_counts_follow_every_kind_of_write(areas):
    user = UserFactory()
    moved = ConsultationFactory(area=areas["oxon"], date=date(2021, 5, 1))
    archived = ConsultationFactory(area=areas["oxon"], date=date(2021, 6, 1))
    ConsultationFactory(area=areas["bsw"], date=date(2020, 6, 1))
    actions.update_record(record=moved, by=user, reason="Wrong area and year", area=areas["bsw"], date=date(2021, 3, 1))
    actions.archive_record(record=archived, by=user, reason="Duplicate")
    extra = [
        Consultation(reference=f"B{n}", date=date(2021, 7, n + 1), area=areas["oxon"], client_group="child")
        for n in range(3)
    ]
    actions.bulk_create_records(model=Consultation, records=extra, by=user)
    extra[0].date = date(2020, 7, 1)
    actions.bulk_update_records(model=Consultation, records=[extra[0]], fields=["date"], by=user, reason="Import")

    counted = _by_area("child_consultations")
    for area in (areas["oxon"], areas["bsw"]):
        expected = [_counted_directly(area, year, client_group=ClientGroup.CHILD) for year in (Y2020, Y2021)]
        assert counted[area.name] == expected
    assert counted == {"Oxfordshire": [1, 2], "BSW": [2, 0]}

    actions.restore_record(record=archived, by=user, reason="Not a duplicate")
    assert _by_area("child_consultations")["Oxfordshire"] == [1, 3]


def test_open_cases_follow_a_closing_date_set_later(areas):
    user = UserFactory()
    enquiry = MashEnquiryFactory(area=areas["oxon"], date=date(2021, 3, 1), closed_on=None)
    MashEnquiryFactory(area=areas["oxon"], date=date(2021, 6, 1), closed_on=date(2021, 6, 2))
    assert _by_area("mash_open_cases")["Oxfordshire"] == [1, 1]
    actions.update_record(record=enquiry, by=user, reason="Closed", closed_on=date(2021, 5, 1))
    assert _by_area("mash_open_cases")["Oxfordshire"] == [1, 0]
    assert not MashEnquiry.objects.filter(closed_on__isnull=True).exists()


def test_rebuilding_gives_the_same_counts_as_keeping_them(areas):
    for day in (date(2021, 4, 1), date(2021, 4, 1), date(2021, 9, 9)):
        ConsultationFactory(area=areas["oxon"], date=day)
    MashEnquiryFactory(area=areas["bsw"], date=date(2021, 4, 2), closed_on=date(2021, 4, 5))

    def snapshot():
        return sorted(DailyCount.objects.values_list("series", "area_id", "service_id", "category_id", "day", "count"))

    kept = snapshot()
    DailyCount.objects.all().delete()
    rollups.rebuild()
    assert snapshot() == kept
    assert ("child_consultations", areas["oxon"].pk, None, None, date(2021, 4, 1), 2) in kept
