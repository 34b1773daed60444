"""The built-in report templates survive being kept as data: what is written into a template's JSON reads back as
the same sections and blocks, so a report started from the database's copy is the report the code describes."""

import pytest

from reports.annual.report_templates import BUILT_IN, sections_from_json, sections_json


@pytest.mark.parametrize("template", BUILT_IN, ids=lambda template: template.slug)
def test_a_built_in_template_reads_back_as_it_was_written(template):
    assert sections_from_json(sections_json(template.sections)) == list(template.sections)


def test_the_icb_return_holds_the_indicators_commissioners_ask_for():
    icb = next(template for template in BUILT_IN if template.slug == "icb-assurance")
    kinds = {block.kind for section in icb.sections for block in section.blocks}
    metrics = {metric for section in icb.sections for block in section.blocks for metric in block.metrics}
    assert "training_compliance" in kinds
    assert {
        "child_supervision_sessions",
        "child_consultations",
        "adult_referrals",
        "mash_enquiries",
        "mash_enquiries_closed_in_3_days",
        "review_actions_outstanding",
        "allegations_against_staff",
        "prevent_consultations",
        "fgm_cases_discussed",
    } <= metrics
