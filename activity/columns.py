"""The columns of a record in a file: what a list exports and what the importer reads.

One definition serves both, so a file exported from a list imports back unchanged. Each kind of record
lists its columns in its profile (``activity.record_types``).
Each column turns a record's value into a cell (``render``) and a cell back into a
value (``parse``), raising ``CellError`` with a reason a person can act on.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from activity.models import Area, Category, ClientGroup, S42Enquiry, Service, Team

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


class Lookups:
    """Reference data by every name a person may write, read once per file."""

    def __init__(self):
        self.areas = _index(Area.objects.filter(is_active=True), "name", "short_name", "slug")
        self.services = _index(Service.objects.filter(is_active=True), "name", "slug")
        self.categories = _index(Category.objects.filter(is_active=True), "name", "slug")
        self.teams = {}
        for team in Team.objects.filter(is_active=True).select_related("service"):
            self.teams[(team.service_id, team.name.casefold())] = team


def _index(queryset, *attributes):
    index = {}
    for item in queryset:
        for attribute in attributes:
            value = getattr(item, attribute)
            if value:
                index.setdefault(value.casefold(), item)
    return index


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, date, int, bool, choice, area, service, team, category
    required: bool = False
    choices: tuple = field(default=(), compare=False)
    max_length: int | None = None
    in_address: bool = False  # the value is part of a page's web address (a record's reference)
    # A file may leave the column out (one added after files were first exported): a record's value is then kept.
    optional_in_files: bool = False

    def render(self, record):
        value = getattr(record, self.field)
        if value is None:
            return ""
        if self.kind == "date":
            return value.isoformat()
        if self.kind == "bool":
            return "Yes" if value else "No"
        if self.kind == "choice":
            return dict(self.choices).get(value, value)
        if self.kind in ("area", "service", "category", "team"):
            return value.name
        return value

    def parse(self, raw, lookups: Lookups, parsed_so_far: dict):
        """The value for the model field, or ``CellError``. ``parsed_so_far`` holds earlier columns."""
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if self.required:
                raise CellError("is required")
            return _empty(self.kind)
        parse = getattr(self, f"_parse_{self.kind}")
        return parse(raw, lookups, parsed_so_far)

    def _parse_text(self, raw, lookups, parsed):
        text = str(raw)
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"is longer than {self.max_length} characters")
        if self.in_address and ("/" in text or text in (".", "..")):
            raise CellError(
                "cannot contain a slash (/), or be just . or ..: a record's reference is part of its web address"
            )
        return text

    def _parse_date(self, raw, lookups, parsed):
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(str(raw), date_format).date()
            except ValueError:
                continue
        raise CellError("is not a date: write it as 2021-06-30 or 30/06/2021")

    def _parse_int(self, raw, lookups, parsed):
        try:
            number = float(raw) if isinstance(raw, float) else int(str(raw))
        except ValueError:
            raise CellError("is not a whole number") from None
        if isinstance(number, float):
            if not number.is_integer():
                raise CellError("is not a whole number")
            number = int(number)
        if number < 0:
            raise CellError("cannot be negative")
        return number

    def _parse_bool(self, raw, lookups, parsed):
        word = str(raw).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError("is not Yes or No")

    def _parse_choice(self, raw, lookups, parsed):
        word = str(raw).casefold()
        for value, label in self.choices:
            if word in (str(value).casefold(), str(label).casefold()):
                return value
        raise CellError(f"is not one of: {', '.join(str(label) for _, label in self.choices)}")

    def _parse_area(self, raw, lookups, parsed):
        return _look_up(lookups.areas, raw, "area")

    def _parse_service(self, raw, lookups, parsed):
        return _look_up(lookups.services, raw, "service")

    def _parse_category(self, raw, lookups, parsed):
        return _look_up(lookups.categories, raw, "category of concern")

    def _parse_team(self, raw, lookups, parsed):
        service = parsed.get("service")
        if service is None:
            raise CellError("needs a service: a team is found within its service")
        team = lookups.teams.get((service.pk, str(raw).casefold()))
        if team is None:
            raise CellError(f"is not a team of {service.name}")
        return team


def _look_up(index, raw, what):
    found = index.get(str(raw).casefold())
    if found is None:
        raise CellError(f"is not a known {what}")
    return found


def _empty(kind):
    return {"text": "", "bool": False}.get(kind)


def client_group_column(required: bool = True) -> Column:
    return Column("Client group", "client_group", "choice", required=required, choices=tuple(ClientGroup.choices))


REFERENCE = Column("Reference", "reference", required=True, max_length=40, in_address=True)
DATE = Column("Date", "date", "date", required=True)
AREA = Column("Area", "area", "area", required=True)
SERVICE = Column("Service", "service", "service")
TEAM = Column("Team", "team", "team")
CATEGORY = Column("Category of concern", "category", "category")
CASE_REFERENCE = Column("Case reference", "case_reference", max_length=40)
NOTES = Column("Notes", "notes")  # read on import, never written to an export


# s.42 enquiries: the Safeguarding Adults Collection's items. Files exported before them have none of these columns
# (``optional_in_files``); a blank cell, or "Not recorded", is not recorded.

NOT_RECORDED_WORDS = {"", "not recorded"}


def _not_recorded(raw) -> bool:
    return raw is None or str(raw).strip().casefold() in NOT_RECORDED_WORDS


@dataclass(frozen=True)
class RecordedChoiceColumn(Column):
    """One of a list of answers, or blank for not recorded (never None: the field is text)."""

    def parse(self, raw, lookups: Lookups, parsed_so_far: dict):
        if _not_recorded(raw):
            return ""
        return super().parse(raw, lookups, parsed_so_far)


@dataclass(frozen=True)
class RecordedYesNoColumn(Column):
    """Yes or No, or blank for not recorded (None)."""

    def parse(self, raw, lookups: Lookups, parsed_so_far: dict):
        if _not_recorded(raw):
            return None
        return super().parse(raw, lookups, parsed_so_far)


@dataclass(frozen=True)
class RiskTypesColumn(Column):
    """The types of risk in one cell, separated by ";" (labels or codes, any case), each a flag on the record.

    An export writes the one column. The importer reads the cell once per flag (``flags``: one column per flag,
    all under this heading), so a change to any type is seen as a change to its own field."""

    flag_names: tuple = field(default=(), compare=False)  # ((field, label), ...) in the collection's order
    only_flag: str = ""  # as one of ``flags``: the flag this column reads

    def render(self, record):
        return "; ".join(label for name, label in self.flag_names if getattr(record, name))

    def ticked(self, raw) -> set[str]:
        """The flags a cell names, or ``CellError`` naming the value that is not a type of risk."""
        if _not_recorded(raw):
            return set()
        known = {}
        for name, label in self.flag_names:
            known[name.casefold()] = name
            known[name.removeprefix("risk_").casefold()] = name
            known[label.casefold()] = name
        found = set()
        for part in str(raw).split(";"):
            word = " ".join(part.split()).casefold()
            if not word:
                continue
            if word not in known:
                labels = "; ".join(label for _, label in self.flag_names)
                raise CellError(f"has '{part.strip()}', which is not a type of risk: use {labels}")
            found.add(known[word])
        return found

    def parse(self, raw, lookups: Lookups, parsed_so_far: dict):
        if not self.only_flag:
            return self.ticked(raw)
        first = self.only_flag == self.flag_names[0][0]
        try:
            return self.only_flag in self.ticked(raw)
        except CellError:
            if first:  # the row's one error for this cell; the other flags' readers stay quiet
                raise
            return False

    def flags(self) -> list["RiskTypesColumn"]:
        return [
            RiskTypesColumn(
                self.header, name, "risk", optional_in_files=True, flag_names=self.flag_names, only_flag=name
            )
            for name, _ in self.flag_names
        ]


def s42_columns(model) -> tuple[Column, ...]:
    """The collection's items as columns, in the form's order."""

    def choice(header, name):
        field_choices = tuple(model._meta.get_field(name).choices)
        return RecordedChoiceColumn(header, name, "choice", choices=field_choices, optional_in_files=True)

    return (
        RecordedYesNoColumn("Delegated under s.75", "delegated_s75", "bool", optional_in_files=True),
        RiskTypesColumn(
            "Types of risk",
            model.RISK_TYPES[0][0],
            "risk",
            optional_in_files=True,
            flag_names=tuple(model.RISK_TYPES),
        ),
        choice("Location of risk", "location_of_risk"),
        choice("Source of risk", "source_of_risk"),
        Column("Date concluded", "concluded_on", "date", optional_in_files=True),
        choice("Action taken", "action_taken"),
        choice("Result", "risk_result"),
        choice("Asked about desired outcomes", "outcomes_asked"),
        choice("Desired outcomes achieved", "outcomes_achieved"),
        choice("Assessed as lacking capacity", "lacked_capacity"),
        choice("Supported by an advocate, family or friend", "advocacy"),
    )


S42_COLUMNS = s42_columns(S42Enquiry)
