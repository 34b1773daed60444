"""The role matrix: what every page answers to someone signed out and to each role, built from the URL configuration.

MATRIX below is the whole contract: one row per URL pattern (or per variant of one, e.g. a record
in another area), with the answer a GET gets, and for pages that take a POST, the answer an empty
POST gets, for each of: anonymous, practitioner, lead, executive, secretary, administrator.
The admin site is covered by ADMIN_PAGES (its own pages) and ADMIN_MODELS (what each staff role
may do with each model; every model admin URL is expanded from it).

Every named URL pattern must be in a table: a new page fails ``test_every_url_pattern_is_in_the_matrix``
(tests/integration/safeguarding/test_role_matrix.py) until someone says what each role should get. To add a page: add a
row here with its URL name, the URL's arguments (placeholders in braces are filled from the sample data built
in ``world``), and the answers.

The rows are asked in several test files, so that pytest-xdist (``--dist loadfile``) spreads them over its
workers: ``group_of`` says which file asks a row (test_role_matrix_<group>.py; "pages" is test_role_matrix.py).
Every row falls in exactly one group, so a new row is asked without anything else to change.

Answers: LOGIN (302 to the sign-in page, coming back here), ADMIN_LOGIN (302 to the admin's sign-in),
OK (200), FORBIDDEN (403), NOT_FOUND (404; said instead of 403 where saying 403 would confirm the
record exists), NOT_ALLOWED (405: a POST-only page asked with GET), To("name") (302 to that page).

Who is who: the practitioner works in one area ("home") with records in another ("elsewhere");
the lead and the administrator are staff (may open the admin site), as in the demo; the others are not.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from PIL import Image

from accounts import roles
from accounts.models import AccessChange
from activity import actions
from activity.allegations import record_allegation
from activity.models import Allegation, ImportBatch, ImportMapping, UncollectedFigure
from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from governance import assurance_actions
from governance.actions import save_record
from governance.models import (
    AssuranceAction,
    AssuranceFramework,
    AssuranceStandard,
    Policy,
    Priority,
    ReviewLearning,
    ServiceAudit,
)
from jobs.actions import start_job
from jobs.models import Job
from reports.annual import actions as report_actions
from reports.annual import content_actions
from reports.job_kinds import REPORT_EXPORT
from reports.models import DataBlock, Target
from tests.catalogue import sample_record
from tests.factories import AreaFactory, CategoryFactory, ServiceFactory, TeamFactory, UserFactory
from training.models import ComplianceImport, Level

LOGIN = "login"
ADMIN_LOGIN = "admin login"
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass(frozen=True)
class To:
    """A redirect (302) to the page with this URL name."""

    name: str

    def __repr__(self):
        return f"302 to {self.name}"


ANONYMOUS = "anonymous"
WHO = (ANONYMOUS, roles.PRACTITIONER, roles.LEAD, roles.EXECUTIVE, roles.SECRETARY, roles.ADMINISTRATOR)
SHORT = {
    ANONYMOUS: "anonymous",
    roles.PRACTITIONER: "practitioner",
    roles.LEAD: "lead",
    roles.EXECUTIVE: "executive",
    roles.SECRETARY: "secretary",
    roles.ADMINISTRATOR: "administrator",
}
STAFF = {roles.LEAD, roles.ADMINISTRATOR}

# The kinds of record a practitioner logs; reviews are logged by leads only.
LOGGED = (
    "consultations",
    "referrals",
    "s42-enquiries",
    "mash-enquiries",
    "cdop-cases",
    "training-sessions",
    "supervision-sessions",
)
ALL_KINDS = (*LOGGED, "reviews")


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: dict = field(default_factory=dict)
    get: tuple = ()
    post: tuple | None = None  # None: the page takes no POST (or its POST is not part of the contract)
    kinds: tuple[str, ...] = ()  # asked once for each kind of record, filling {kind}, {record}, ...
    query: str = ""
    variant: str = ""  # tells rows for the same URL name apart in test names


def row(name, kwargs=None, get=(), post=None, *, kinds=(), query="", variant=""):
    return Row(name, kwargs or {}, get, post, kinds, query, variant)


IMAGES = To("report_section_images")
ASSESSMENT = To("governance_assurance_assessment")

# fmt: off
MATRIX = [
    #         anonymous    practitioner lead         executive    secretary    administrator
    row("home",
        get=( LOGIN,       OK,          OK,          OK,          OK,          OK)),
    # For a load balancer: no sign-in, and nothing in it but whether the database answers.
    row("healthz",
        get=( OK,          OK,          OK,          OK,          OK,          OK)),
    row("login",
        get=( OK,          To("home"),  To("home"),  To("home"),  To("home"),  To("home")),
        post=(OK,          To("home"),  To("home"),  To("home"),  To("home"),  To("home"))),
    row("logout",
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       To("login"), To("login"), To("login"), To("login"), To("login"))),
    # Records. Executives and secretaries get a list's rows without identifiers (the dashboard's drill-down;
    # test_record_permissions proves no reference reaches them), never a record or an export.
    row("records_index",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_list", {"kind": "{kind}"}, kinds=ALL_KINDS,
        get=( LOGIN,       OK,          OK,          OK,          OK,          FORBIDDEN)),
    row("record_list", {"kind": "{kind}"}, kinds=ALL_KINDS, query="export=csv", variant="csv",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_list", {"kind": "consultations"}, query="export=xlsx", variant="xlsx",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_list", {"kind": "no-such-kind"}, variant="no such kind",
        get=( LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND)),
    row("record_new", {"kind": "{kind}"}, kinds=LOGGED,
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_new", {"kind": "reviews"}, variant="reviews",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_detail", {"kind": "{kind}", "reference": "{record}"}, kinds=ALL_KINDS,
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_detail", {"kind": "{kind}", "reference": "{elsewhere}"}, kinds=ALL_KINDS, variant="elsewhere",
        get=( LOGIN,       NOT_FOUND,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_edit", {"kind": "{kind}", "reference": "{record}"}, kinds=LOGGED,
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_edit", {"kind": "reviews", "reference": "{review}"}, variant="reviews",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_edit", {"kind": "{kind}", "reference": "{elsewhere}"}, kinds=LOGGED, variant="elsewhere",
        get=( LOGIN,       NOT_FOUND,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       NOT_FOUND,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_archive", {"kind": "{kind}", "reference": "{record}"}, kinds=LOGGED,
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_archive", {"kind": "reviews", "reference": "{review}"}, variant="reviews",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_archive", {"kind": "{kind}", "reference": "{elsewhere}"}, kinds=LOGGED, variant="elsewhere",
        get=( LOGIN,       NOT_FOUND,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       NOT_FOUND,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("record_restore", {"kind": "{kind}", "reference": "{archived}"}, kinds=ALL_KINDS,
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # The open MASH enquiries, oldest first, with case references: those who read the records.
    row("mash_queue",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("review_action_new", {"reference": "{review}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("review_action_edit", {"reference": "{review}", "action_id": "{review_action}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # Returns and imports. A batch is its uploader's alone (here the practitioner's): to anyone else it does not exist.
    row("returns_grid",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("import_new",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("import_preview", {"batch_id": "{batch}"},
        get=( LOGIN,       OK,          NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND)),
    row("import_confirm", {"batch_id": "{batch}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       To("import_preview"), NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND)),
    # Column mappings: whoever may import a kind makes, changes and deletes its mappings ({mapping}: consultations).
    # With no mapping begun, its later steps send to the first; an empty POST to change one keeps what it has.
    row("import_mapping_list",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("import_mapping_new",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("import_mapping_columns",
        get=( LOGIN,       To("import_mapping_new"), To("import_mapping_new"), FORBIDDEN, FORBIDDEN, FORBIDDEN),
        post=(LOGIN,       To("import_mapping_new"), To("import_mapping_new"), FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    row("import_mapping_values",
        get=( LOGIN,       To("import_mapping_new"), To("import_mapping_new"), FORBIDDEN, FORBIDDEN, FORBIDDEN),
        post=(LOGIN,       To("import_mapping_new"), To("import_mapping_new"), FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    row("import_mapping_edit", {"mapping_id": "{mapping}"},
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       To("import_mapping_columns"), To("import_mapping_columns"), FORBIDDEN, FORBIDDEN,
              FORBIDDEN)),
    row("import_mapping_delete", {"mapping_id": "{mapping}"},
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # Training compliance: figures (no staff identifiers) for those who read the reports; importing the learning
    # system's export, and who is due supervision by staff identifier, for leads only.
    row("training_compliance",
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    row("training_import_detail", {"pk": "{training_import}"},
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    row("training_import",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # A big export's report, kept for the lead who uploaded it (here the lead): to anyone else it does not exist.
    row("training_import_report", {"batch_id": "{training_batch}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("training_supervision_due",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # Allegations against staff: read only by the people named on each. The lead is named on {allegation}, not on
    # {allegation_not_named} (another lead's): to everyone else, and to the lead for that one, they do not exist.
    # An empty POST shows the form again with its errors.
    row("allegation_list",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("allegation_list", query="export=csv", variant="csv",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("allegation_new",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    *[
        row(name, {"reference": "{allegation}", **extra},
            get=( LOGIN,       NOT_FOUND,   OK,          NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
            post=(LOGIN,       NOT_FOUND,   OK,          NOT_FOUND,   NOT_FOUND,   NOT_FOUND))
        for name, extra in (
            ("allegation_detail", {}),
            ("allegation_close", {}),
            ("allegation_names", {}),
            ("allegation_name_remove", {"named_id": "{allegation_named}"}),
        )
    ],
    # The change page shows the allegation too: the lead says why they open it (its page) first.
    row("allegation_edit", {"reference": "{allegation}"},
        get=( LOGIN,       NOT_FOUND,   To("allegation_detail"), NOT_FOUND, NOT_FOUND, NOT_FOUND),
        post=(LOGIN,       NOT_FOUND,   To("allegation_detail"), NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    *[
        row(name, {"reference": "{allegation_not_named}", **extra}, variant="lead not named",
            get=( LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
            post=(LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND))
        for name, extra in (
            ("allegation_detail", {}),
            ("allegation_edit", {}),
            ("allegation_close", {}),
            ("allegation_names", {}),
            ("allegation_name_remove", {"named_id": "{allegation_not_named_named}"}),
        )
    ],
    # Tasks. The practitioner owns {task}: the secretary, who holds tasks of her own, is told it does not exist.
    # An empty POST to complete completes it (a note is optional); to reopen or give away, shows the errors.
    row("my_work",
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("team_work",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("task_detail", {"pk": "{task}"},
        get=( LOGIN,       OK,          OK,          FORBIDDEN,   NOT_FOUND,   FORBIDDEN)),
    row("task_complete", {"pk": "{task}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       To("task_detail"), To("task_detail"), FORBIDDEN, NOT_FOUND, FORBIDDEN)),
    row("task_reopen", {"pk": "{task}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       OK,          OK,          FORBIDDEN,   NOT_FOUND,   FORBIDDEN)),
    row("task_assign", {"pk": "{task}"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # The dashboard and the annual reports
    row("dashboard",
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    # A known change in a process, which the dashboard's charts start again at: a lead's call. An empty POST
    # shows the form again with its errors.
    row("dashboard_process_changes",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("audit_log",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK)),
    # With codes required, leads and administrators use these before anything else
    # (tests/integration/accounts/test_sign_in_security.py); without, they send everyone home.
    row("two_factor_verify",
        get=( LOGIN,       To("home"),  To("home"),  To("home"),  To("home"),  To("home")),
        post=(LOGIN,       To("home"),  To("home"),  To("home"),  To("home"),  To("home"))),
    row("two_factor_set_up",
        get=( LOGIN,       To("home"),  To("home"),  To("home"),  To("home"),  To("home")),
        post=(LOGIN,       To("home"),  To("home"),  To("home"),  To("home"),  To("home"))),
    # Changes of access take two people (accounts.actions): administrators and leads propose, a lead approves,
    # never their own. {access_change} is the administrator's proposal about the practitioner.
    row("access_changes",
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK)),
    row("access_change_approve", {"pk": "{access_change}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       FORBIDDEN,   To("access_changes"), FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("access_change_reject", {"pk": "{access_change}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       FORBIDDEN,   To("access_changes"), FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("access_change_withdraw", {"pk": "{access_change}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       FORBIDDEN,   FORBIDDEN,   FORBIDDEN,   FORBIDDEN,   To("access_changes"))),
    row("access_propose", {"pk": "{practitioner_pk}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK)),
    row("access_password", {"pk": "{practitioner_pk}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK)),
    row("access_authenticator", {"pk": "{practitioner_pk}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   OK)),
    # The owner's one-time link to set a password: no sign-in; a link that is not valid says so.
    row("password_set", {"uidb64": "MQ", "token": "not-a-token"},
        get=( OK,          OK,          OK,          OK,          OK,          OK),
        post=(OK,          OK,          OK,          OK,          OK,          OK)),
    row("report_list",
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    # Do the reports agree? Reads only: whoever reads the reports.
    row("report_reconciliation",
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    row("report_detail", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    row("report_structure", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("report_approve", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("report_detail"), FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # Acknowledging a check's flag with a reason is the approver's call; an empty reason shows the approval page.
    row("report_flag_acknowledge", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # Starting a scheduled report before the schedule does, from the home page; an empty POST goes back home.
    row("report_start_due",
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("home"),  FORBIDDEN,   To("home"),  FORBIDDEN)),
    row("report_new_draft", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("report_detail"), FORBIDDEN,   To("report_detail"), FORBIDDEN)),
    row("report_save_template", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("report_export", {"pk": "{report}", "fmt": "xlsx"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("report_export", {"pk": "{report}", "fmt": "no-such-format"}, variant="no such format",
        get=( LOGIN,       FORBIDDEN,   NOT_FOUND,   FORBIDDEN,   NOT_FOUND,   FORBIDDEN)),
    # The PDF is made by a background job, started by a POST; its page offers the file when it is ready.
    row("report_export", {"pk": "{report}", "fmt": "pdf"}, variant="pdf",
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("job_detail"), FORBIDDEN, To("job_detail"), FORBIDDEN)),
    row("report_section_edit", {"pk": "{report}", "section_pk": "{section}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("report_section_change", {"pk": "{report}", "section_pk": "{section}", "change": "down"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("report_structure"), FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("report_block_add", {"pk": "{report}", "section_pk": "{block_section}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    row("report_block_remove", {"pk": "{report}", "block_pk": "{block}"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   To("report_structure"), FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # A report's qualitative content (issue 14): who writes narrative keeps the front sheet, pictures and row themes;
    # who changes the structure adds the blocks of the service's own records; who reads the report sees its pictures.
    row("report_front_sheet", {"pk": "{report}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("report_section_images", {"pk": "{report}", "section_pk": "{section}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("report_image", {"pk": "{report}", "image_pk": "{image}"},
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN)),
    row("report_image_remove", {"pk": "{report}", "image_pk": "{image}"},
        get=( LOGIN,       FORBIDDEN,   NOT_ALLOWED, FORBIDDEN,   NOT_ALLOWED, FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   IMAGES,      FORBIDDEN,   IMAGES,      FORBIDDEN)),
    row("report_block_themes", {"pk": "{report}", "block_pk": "{table_block}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    row("report_register_block_add", {"pk": "{report}", "section_pk": "{section}"},
        get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   FORBIDDEN,   FORBIDDEN)),
    # The service's governance records: read by those who read the reports, kept by the lead and the secretary.
    *[
        row(name,
            get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN))
        for name in (
            "governance_audit_list", "governance_priority_list", "governance_policy_list", "governance_learning_list"
        )
    ],
    *[
        row(name, kwargs,
            get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
            post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN))
        for name, kwargs in (
            ("governance_audit_add", {}),
            ("governance_audit_edit", {"pk": "{service_audit}"}),
            ("governance_audit_delete", {"pk": "{service_audit}"}),
            ("governance_priority_add", {}),
            ("governance_priority_edit", {"pk": "{priority}"}),
            ("governance_priority_update_add", {"pk": "{priority}"}),
            ("governance_policy_add", {}),
            ("governance_policy_edit", {"pk": "{policy}"}),
            ("governance_learning_add", {}),
            ("governance_learning_edit", {"pk": "{review_learning}"}),
        )
    ],
    # The assurance self-assessment: read as the governance records are, kept by the lead and the secretary. A file
    # of evidence is downloaded by those who read the reports.
    *[
        row(name, kwargs,
            get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN))
        for name, kwargs in (
            ("governance_assurance_frameworks", {}),
            ("governance_assurance_framework", {"pk": "{assurance_framework}"}),
            ("governance_assurance_summary",
             {"pk": "{assurance_framework}", "year": "2021", "area": "{assurance_area}"}),
            ("governance_assurance_file", {"pk": "{assurance_file}"}),
        )
    ],
    row("governance_assurance_assessment",
        {"pk": "{assurance_standard}", "year": "2021", "area": "{assurance_area}"},
        get=( LOGIN,       FORBIDDEN,   OK,          OK,          OK,          FORBIDDEN),
        post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN)),
    # Removing a file of evidence: a POST from the assessment page; without a reason nothing is removed.
    row("governance_assurance_file_remove", {"pk": "{assurance_file}"},
        get=( LOGIN,       NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN,       FORBIDDEN,   ASSESSMENT,  FORBIDDEN,   ASSESSMENT,  FORBIDDEN)),
    *[
        row(name, kwargs,
            get=( LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN),
            post=(LOGIN,       FORBIDDEN,   OK,          FORBIDDEN,   OK,          FORBIDDEN))
        for name, kwargs in (
            ("governance_assurance_framework_add", {}),
            ("governance_assurance_framework_edit", {"pk": "{assurance_framework}"}),
            ("governance_assurance_standard_add", {"pk": "{assurance_framework}"}),
            ("governance_assurance_standard_edit", {"pk": "{assurance_standard}"}),
            ("governance_assurance_action_edit", {"pk": "{assurance_action}"}),
        )
    ],
    # Background jobs. A job is its requester's alone (here the secretary's report download): to anyone else,
    # a lead included, it does not exist.
    row("job_detail", {"job_id": "{job}"},
        get=( LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   OK,          NOT_FOUND)),
    row("job_status", {"job_id": "{job}"},
        get=( LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   OK,          NOT_FOUND)),
    row("job_download", {"job_id": "{job}"},
        get=( LOGIN,       NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   OK,          NOT_FOUND)),
]

# The admin site's own pages. Signed out: the admin's sign-in (which passes on to the app's; a model's pages
# send straight to the app's). Signed in but not staff: the admin's sign-in, which refuses them (403).
# Staff without the permission a page needs: 403.
ADMIN_PAGES = [
    #         anonymous    practitioner lead         executive    secretary    administrator
    row("admin:index",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    # The admin's sign-in sends to the app's; its sign-out is a POST, and sends those not staff to the admin's index.
    row("admin:login",
        get=( To("login"), FORBIDDEN,   To("admin:index"), FORBIDDEN,   FORBIDDEN,   To("admin:index"))),
    row("admin:logout",
        get=( ADMIN_LOGIN, To("admin:index"), NOT_ALLOWED, To("admin:index"), To("admin:index"), NOT_ALLOWED)),
    row("admin:password_change",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    row("admin:password_change_done",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    row("admin:jsi18n",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    # Autocomplete answers with the related model's rows to those who may view that model (and its rows).
    row("admin:autocomplete", query="app_label=activity&model_name=team&field_name=service", variant="services",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    # Records are not in the admin, so its autocomplete lists none of them, to anyone.
    row("admin:autocomplete", query="app_label=activity&model_name=s42enquiry&field_name=referral", variant="referrals",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN,   ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN)),
    # No model has a page on the site (get_absolute_url), so "view on site" finds nothing, for anyone.
    row("admin:view_on_site", {"content_type_id": "{consultation_type}", "object_id": "{consultation_pk}"},
        get=( ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND,   ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND)),
    row("admin:app_list", {"app_label": "activity"}, variant="activity",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, OK,          ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    row("admin:app_list", {"app_label": "accounts"}, variant="accounts",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND,   ADMIN_LOGIN, ADMIN_LOGIN, OK)),
    row("admin:app_list", {"app_label": "axes"}, variant="axes",
        get=( ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND,   ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND)),
    # Nobody sets another person's password in the admin: it sends to the app's page for a one-time link.
    row("admin:auth_user_password_change", {"id": "{practitioner_pk}"},
        get=( LOGIN,       ADMIN_LOGIN, FORBIDDEN,   ADMIN_LOGIN, ADMIN_LOGIN, To("access_password"))),
]


# What the two staff roles may do with each model in the admin: v(iew), a(dd), c(hange), d(elete).
# Every model admin URL (changelist, add, change, history, delete) is expanded from this.
# Records, review actions and returns are not in the admin: they change only through the app's pages.
ADMIN_MODELS = {
    # model                        lead   administrator
    "auth.group":                 ("",    "v"),
    "axes.accessattempt":         ("",    ""),
    "axes.accesslog":             ("",    ""),
    "axes.accessfailurelog":      ("",    ""),
    "otp_totp.totpdevice":        ("",    "v"),
    "accounts.user":              ("",    "vac"),
    "audit.auditevent":           ("v",   "v"),
    "activity.area":              ("v",   "vac"),
    "activity.service":           ("v",   "vac"),
    "activity.team":              ("v",   "vac"),
    "activity.category":          ("v",   "vac"),
    "activity.uncollectedfigure": ("v",   "vac"),
    "reports.target":             ("",    "vac"),
    "training.level":             ("",    "vac"),
    # The background tasks' rows (django-tasks-db): for a superuser only; a job's user sees its job page.
    "django_tasks_database.dbtaskresult": ("", ""),
}
# fmt: on

# Which letter each model admin view needs (any one of them).
ADMIN_VIEWS = {"changelist": "vc", "add": "a", "change": "vc", "history": "vc", "delete": "d"}


def _admin_answer(who: str, label: str, view: str):
    if who == ANONYMOUS:
        return LOGIN
    if who not in STAFF:
        return ADMIN_LOGIN
    lead, administrator = ADMIN_MODELS[label]
    may = lead if who == roles.LEAD else administrator
    if set(ADMIN_VIEWS[view]) & set(may):
        return OK
    return FORBIDDEN


def _admin_model_rows() -> list[Row]:
    rows = []
    for label in ADMIN_MODELS:
        for view in ADMIN_VIEWS:
            answers = tuple(_admin_answer(who, label, view) for who in WHO)
            kwargs = {} if view in ("changelist", "add") else {"object_id": "{" + label.replace(".", "_") + "}"}
            rows.append(row(f"admin:{label.replace('.', '_')}_{view}", kwargs, get=answers))
    return rows


ALL_ROWS = [*MATRIX, *ADMIN_PAGES, *_admin_model_rows()]


# Which test file asks a row: test_role_matrix_<group>.py, or test_role_matrix.py for "pages" (signing in,
# access changes, the audit log and any page in no other group). Groups of roughly equal run time.
GROUPS = ("pages", "records", "record_changes", "reports", "admin")


def group_of(entry: Row) -> str:
    if entry.name.startswith("admin:"):
        return "admin"
    changes = ("record_edit", "record_archive", "record_restore", "review_action_", "returns_", "import_")
    if entry.name.startswith(changes):
        return "record_changes"
    if entry.name.startswith("record"):
        return "records"
    if entry.name.startswith(("report_", "job_", "dashboard")):
        return "reports"
    return "pages"


# The arguments of the test that asks the rows, and the rows of one group as its cases.
PARAMETERS = ("entry", "kind", "who", "method", "expected")


def cases(group: str):
    assert group in GROUPS, group
    for entry in ALL_ROWS:
        if group_of(entry) != group:
            continue
        assert len(entry.get) == len(WHO) and (entry.post is None or len(entry.post) == len(WHO)), entry
        for kind in entry.kinds or (None,):
            label = entry.name + "".join(f"[{part}]" for part in (kind, entry.variant) if part)
            methods = [("GET", entry.get)] + ([("POST", entry.post)] if entry.post else [])
            for method, answers in methods:
                for who, expected in zip(WHO, answers, strict=True):
                    yield pytest.param(entry, kind, who, method, expected, id=f"{label}-{SHORT[who]}-{method}")


# -- the sample data every URL is built from --------------------------------------------------------------


def _sample_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


SAMPLE_PNG = _sample_png()

ATTEMPT = {
    "username": "someone",
    "ip_address": "127.0.0.1",
    "user_agent": "",
    "http_accept": "",
    "path_info": "/login/",
}


@dataclass
class World:
    users: dict
    values: dict  # placeholder -> value, for URL arguments
    records: dict  # kind -> {"record": ..., "archived": ..., "elsewhere": ...} references


def _build_world() -> World:
    trust = AreaFactory(slug="trust", name="Trust")
    home = AreaFactory(slug="home", name="Home area", parent=trust)
    elsewhere = AreaFactory(slug="elsewhere", name="Another area", parent=trust)
    users = {
        roles.PRACTITIONER: UserFactory(username="practitioner", role=roles.PRACTITIONER, areas=[home]),
        roles.LEAD: UserFactory(username="lead", role=roles.LEAD, is_staff=True),
        roles.EXECUTIVE: UserFactory(username="executive", role=roles.EXECUTIVE),
        roles.SECRETARY: UserFactory(username="secretary", role=roles.SECRETARY),
        roles.ADMINISTRATOR: UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True),
    }
    lead = users[roles.LEAD]

    records, created = {}, {}
    for kind in ALL_KINDS:
        mine, archived, other = (sample_record(kind, area=area, by=lead) for area in (home, home, elsewhere))
        actions.archive_record(record=archived, by=lead, reason="Logged twice")
        records[kind] = {"record": mine.reference, "archived": archived.reference, "elsewhere": other.reference}
        created[mine._meta.label_lower] = mine

    review = created["activity.review"]
    review_action = actions.add_review_action(
        review=review,
        by=lead,
        description="Share the learning",
        owner=users[roles.PRACTITIONER],
        agreed_on=review.date,
        due_on=review.date,
    )
    batch = ImportBatch.objects.create(
        record_type="consultations",
        file_name="consultations.csv",
        content=b"not, a good file\n",
        uploaded_by=users[roles.PRACTITIONER],
    )
    import_mapping = ImportMapping.objects.create(
        kind="consultations",
        name="Another system",
        columns={"Reference": "Ref", "Date": "Contact date", "Area": "Locality"},
        created_by=lead,
        updated_by=lead,
    )
    access_change = AccessChange.objects.create(
        user=users[roles.PRACTITIONER],
        kind=AccessChange.Kind.ACCESS,
        reason="Covers the north",
        proposed_by=users[roles.ADMINISTRATOR],
    )
    access_change.areas.set([home, elsewhere])
    report = report_actions.create_report(year=FinancialYear(2021), by=lead)
    job = start_job(  # run at once: the tests' task backend is the immediate one
        kind=REPORT_EXPORT,
        by=users[roles.SECRETARY],
        title="The report, as a spreadsheet",
        params={"report": report.pk, "format": "xlsx", "public": False, "audit_detail": "2021/22, XLSX"},
        result_name="report.xlsx",
        result_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert job.status == Job.Status.DONE, job.message
    block = DataBlock.objects.filter(section__report=report).select_related("section").first()
    assert block is not None, "the default report has no data block to remove"
    table_block = DataBlock.objects.filter(section__report=report, kind__in=["table", "chart"]).first()
    assert table_block is not None, "the default report has no table to write row themes beside"
    image = content_actions.add_image(
        report.sections.order_by("position").first(), by=lead, data=SAMPLE_PNG, alt_text="The team's structure"
    )
    governance = {
        "service_audit": ServiceAudit(year=2021, name="Records audit"),
        "priority": Priority(year=2021, title="Training", we_said="Train every member of staff"),
        "policy": Policy(
            title="Safeguarding adults", owner="Head of safeguarding", last_reviewed=date(2021, 4, 1),
            review_due=date(2024, 4, 1),
        ),
        "review_learning": ReviewLearning(year=2021, kind=ReviewLearning.Kind.SAR, themes="Sharing information"),
    }  # fmt: skip
    for each in governance.values():
        save_record(each, by=lead, reason="Sample for the role matrix")
    assurance = _assurance_sample(lead, home)

    other_lead = UserFactory(username="other-lead", role=roles.LEAD)
    allegations = {
        who: record_allegation(
            allegation=Allegation(kind="lado", date=date(2021, 6, 1), area=home, category="physical"), by=by
        )
        for who, by in (("named", lead), ("not_named", other_lead))
    }

    service = ServiceFactory()
    admin_objects = {
        "auth.group": Group.objects.get(name=roles.PRACTITIONER),
        "axes.accessattempt": AccessAttempt.objects.create(
            **ATTEMPT, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**ATTEMPT),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**ATTEMPT),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=lead, name="Phone"),
        "accounts.user": users[roles.PRACTITIONER],
        "audit.auditevent": AuditEvent.objects.create(action=Action.SIGNED_IN, user=lead),
        "activity.area": home,
        "activity.service": service,
        "activity.team": TeamFactory(service=service),
        "activity.category": CategoryFactory(),
        "activity.uncollectedfigure": UncollectedFigure.objects.create(
            metric="mash_enquiries", area=home, from_year=2019
        ),
        "reports.target": Target.objects.first()
        or Target.objects.create(name=Target.Name.TRAINING_COMPLIANCE, percent=90, from_year=2021),
        "training.level": Level.objects.first(),  # the levels come with the database (training migration 0002)
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [str(job.pk)], "kwargs": {}},
            task_path="jobs.tasks.run_job",
            backend_name="default",
        ),
    }
    values = {
        "review": review.reference,
        "review_action": review_action.pk,
        "task": review_action.task_id,  # the practitioner's
        "batch": batch.pk,
        "mapping": import_mapping.pk,
        "training_import": ComplianceImport.objects.create(
            as_at=date(2022, 3, 31), file_name="export.csv", mapping_name="Learning system", imported_by=lead
        ).pk,
        "training_batch": ImportBatch.objects.create(
            record_type="training-compliance", file_name="export.csv", content=b"", uploaded_by=lead
        ).pk,
        "report": report.pk,
        "job": job.pk,
        "section": report.sections.order_by("position").first().pk,
        "block_section": block.section.pk,
        "block": block.pk,
        "table_block": table_block.pk,
        "image": image.pk,
        **{name: each.pk for name, each in governance.items()},
        **assurance,
        "practitioner_pk": users[roles.PRACTITIONER].pk,
        "allegation": allegations["named"].reference,
        "allegation_named": allegations["named"].managers.get().pk,
        "allegation_not_named": allegations["not_named"].reference,
        "allegation_not_named_named": allegations["not_named"].managers.get().pk,
        "access_change": access_change.pk,
        "consultation_type": ContentType.objects.get_for_model(created["activity.consultation"]).pk,
        "consultation_pk": created["activity.consultation"].pk,
        **{label.replace(".", "_"): instance.pk for label, instance in admin_objects.items()},
    }
    return World(users=users, values=values, records=records)


def _assurance_sample(lead, area) -> dict:
    """A framework, a standard assessed for the area in 2021 with a file of evidence and an action."""
    framework = save_record(
        AssuranceFramework(name="Section 11", kind=AssuranceFramework.Kind.SECTION_11), by=lead, reason="Sample"
    )
    standard = save_record(
        AssuranceStandard(framework=framework, number="1", title="Leadership"), by=lead, reason="Sample"
    )
    assessment = assurance_actions.assessment_for(standard, 2021, area)
    attachment = assurance_actions.add_attachment(
        assessment, by=lead, name="minutes.pdf", content=b"%PDF-1.7\n%%EOF\n", description="", reason="Sample"
    )
    action = assurance_actions.save_action(
        AssuranceAction(assessment=assessment, description="Review", owner=lead, due_on=date(2022, 3, 31)),
        by=lead,
        reason="Sample",
    )
    return {
        "assurance_framework": framework.pk,
        "assurance_standard": standard.pk,
        "assurance_area": area.slug,
        "assurance_file": attachment.pk,
        "assurance_action": action.pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for each test module that uses it (``world = role_matrix.world``) and rolled back after it;
    each test's own writes roll back with the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _url(entry: Row, kind: str | None, world: World) -> str:
    values = {**world.values, **({"kind": kind, **world.records[kind]} if kind else {})}
    kwargs = {name: str(value).format_map(values) for name, value in entry.kwargs.items()}
    url = reverse(entry.name, kwargs=kwargs)
    return f"{url}?{entry.query}" if entry.query else url


def answer(response, url: str):
    """What the response amounts to, in the matrix's terms."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"])
    came_from = parse_qs(location.query).get("next", [None])[0]
    if location.path == reverse("login") and came_from == url:
        return LOGIN
    if location.path == reverse("admin:login") and came_from == url:
        return ADMIN_LOGIN
    try:
        return To(resolve(location.path).view_name)
    except Resolver404:
        return f"302 to {response['Location']}"


def check(client, world: World, entry: Row, kind: str | None, who: str, method: str, expected) -> None:
    """Ask the row's page as ``who`` and compare the answer with the matrix's."""
    url = _url(entry, kind, world)
    if who != ANONYMOUS:
        client.force_login(world.users[who])
    response = client.get(url) if method == "GET" else client.post(url, {})
    got = answer(response, url)
    assert got == expected, f"{method} {url} as {SHORT[who]}: the matrix says {expected!r}, the site said {got!r}"
