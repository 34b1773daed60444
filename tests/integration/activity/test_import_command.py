"""``manage.py import_activity``: the importer from the command line, all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts import roles
from activity.models import Area, Consultation, Return
from demo.reference import load_reference
from tests.factories import UserFactory

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"
GOOD = "IMP-{n},2021-06-01,Oxfordshire,Child,Community Health,Health Visiting,Neglect,Telephone,Advice given,C-{n}\n"


@pytest.fixture
def superuser(db):
    load_reference()
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def write(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_activity", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_file_whose_name_says_what_it_holds(superuser, tmp_path):
    path = write(tmp_path, "consultations-2021.csv", GOOD.format(n=1), GOOD.format(n=2))

    out, _ = run(path)

    assert "Imported consultations from consultations-2021.csv as admin: 2 rows: 2 new, 0 changed, 0 unchanged." in out
    assert Consultation.objects.filter(created_by=superuser).count() == 2


def test_a_dry_run_reports_the_counts_and_saves_nothing(superuser, tmp_path):
    path = write(tmp_path, "upload.csv", GOOD.format(n=1), GOOD.format(n=2), GOOD.format(n=3))

    out, _ = run(path, "--type", "consultations", "--dry-run")

    assert out.strip() == (
        "Dry run, consultations from upload.csv: 3 rows: 3 new, 0 changed, 0 unchanged. Nothing was saved."
    )
    assert not Consultation.objects.exists()


def test_a_file_with_bad_rows_lists_every_one_exits_with_an_error_and_saves_nothing(superuser, tmp_path):
    path = write(
        tmp_path,
        "consultations.csv",
        GOOD.format(n=1),
        GOOD.format(n=2).replace("2021-06-01", "31/02/2021"),
        GOOD.format(n=3),
        GOOD.format(n=4).replace("Oxfordshire", "Atlantis"),
    )

    with pytest.raises(CommandError, match=r"2 problems in 2 of 4 rows\. Nothing was saved") as failed:
        call_command("import_activity", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))

    assert err.getvalue().splitlines() == [
        "Row 3, Date: '31/02/2021' is not a date: write it as 2021-06-30 or 30/06/2021",
        "Row 5, Area: 'Atlantis' is not a known area",
    ]
    assert "consultations.csv" in str(failed.value)
    assert not Consultation.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(superuser, tmp_path):
    path = tmp_path / "consultations.csv"
    path.write_bytes(b"%PDF-1.4 not really")

    with pytest.raises(CommandError, match=r"consultations\.csv cannot be imported: The file is a PDF"):
        run(path)


def test_the_kind_is_needed_when_the_file_name_does_not_say(superuser, tmp_path):
    path = write(tmp_path, "export.csv", GOOD.format(n=1))

    with pytest.raises(CommandError, match=r"Say what export\.csv holds with --type: one of consultations, referrals"):
        run(path)
    assert not Consultation.objects.exists()


def test_the_user_must_be_named_unless_there_is_exactly_one_superuser(superuser, tmp_path):
    UserFactory(username="second-admin", is_superuser=True)
    path = write(tmp_path, "consultations.csv", GOOD.format(n=1))

    with pytest.raises(CommandError, match="Name the user the import is recorded against with --user"):
        run(path)

    lead = UserFactory(username="lead", role=roles.LEAD)
    out, _ = run(path, "--user", "lead")
    assert "as lead: 1 rows: 1 new" in out
    assert Consultation.objects.get().created_by == lead


def test_an_unknown_user_is_refused(superuser, tmp_path):
    path = write(tmp_path, "consultations.csv", GOOD.format(n=1))

    with pytest.raises(CommandError, match="There is no active user called 'nobody'"):
        run(path, "--user", "nobody")


def test_the_named_user_s_access_applies(superuser, tmp_path):
    practitioner = UserFactory(
        username="pat", role=roles.PRACTITIONER, areas=[Area.objects.get(slug="buckinghamshire")]
    )
    path = write(tmp_path, "consultations.csv", GOOD.format(n=1))

    with pytest.raises(CommandError, match="1 problem in 1 of 1 rows"):
        call_command(
            "import_activity",
            str(path),
            "--user",
            practitioner.username,
            stdout=io.StringIO(),
            stderr=(err := io.StringIO()),
        )

    assert err.getvalue().strip() == "Row 2, Area 'Oxfordshire': you may not log records for Oxfordshire"


def test_returns_import_from_the_command_line(superuser, tmp_path):
    path = tmp_path / "returns-2021.csv"
    path.write_text(
        "Metric,Area,Service,Category,Period,Value,Source,Note\n"
        "marac_referrals,Oxfordshire,,,2021/22,40,MARAC coordinator,\n"
        "MARAC referrals made by the Trust,Swindon,,,Q1 2021/22,7,MARAC coordinator,First quarter\n",
        encoding="utf-8",
    )

    out, _ = run(path)

    assert "Imported returns from returns-2021.csv as admin: 2 rows: 2 new" in out
    assert sorted(Return.objects.values_list("value", flat=True)) == [7, 40]


def test_a_missing_file_is_refused(superuser, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "consultations-missing.csv")
