"""Each Annex A list's columns, declared once: the header, the variants exports use, its
type, whether it is mandatory, and the `records` field it fills.

A sheet is list N when every one of list N's *identifying* columns is among its headers
(never by the sheet's name; liia-tools finds lists the same way). Headers are compared
folded (`header_key`): case, curly apostrophes, runs of spaces and a trailing `?` or `:` do
not matter. A column a rule uses (`field`) must be present, unless it is `optional` (List 9's
columns the 2019 template lacks, and Date of Birth outside List 9: the extract records them
as absent). Columns no rule uses are neither required nor read.
"""

from __future__ import annotations

from enum import Enum

from xlscore.annex_a import codes
from xlscore.annex_a.codes import Category, folded
from xlscore.annex_a.records import (
    Assessment,
    CareLeaver,
    CarePeriod,
    CinEpisode,
    Contact,
    Enquiry,
    ProtectionPlan,
    Referral,
)
from xlscore.records import record


class Kind(Enum):
    DATE = "date"
    INTEGER = "integer"  # non-negative
    TEXT = "text"
    CATEGORY = "category"
    FLAG = "flag"  # a yes/no category read as True / False (None for unknown)


@record
class Column:
    header: str  # as Ofsted's template writes it
    kind: Kind = Kind.TEXT
    field: str | None = None  # the `records` field it fills; None: not read
    identifying: bool = False  # must be present for a sheet to be this list
    mandatory: bool = False  # a blank is noted (a RowNote) and the row kept with None
    optional: bool = False  # a column a rule uses that an older template lacks
    personal: bool = False  # never quoted in a message (IDs, dates of birth, names)
    variants: tuple[str, ...] = ()
    category: Category | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(header_key(h) for h in (self.header, *self.variants)))


@record
class ListSpec:
    number: int
    title: str
    columns: tuple[Column, ...]
    row: type | None = None  # the `records` class of its rows; None: recognised, not read
    attribute: str | None = None  # the `Extract` field that holds its rows
    one_per_child: bool = False  # lists 6-9: a child on two rows keeps one
    start: str | None = None  # the field whose latest value wins among a child's rows

    @property
    def identifying(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.identifying)

    @property
    def read(self) -> tuple[Column, ...]:
        """The columns that fill a field of the row."""
        return tuple(c for c in self.columns if c.field)


def header_key(header: object) -> str:
    """A header as compared: folded, without a trailing `?` or `:`."""
    return folded(str(header if header is not None else "")).lstrip("\ufeff").rstrip("?: ")


CHILD = Column("Child Unique ID", field="child", identifying=True, personal=True,
               variants=("Child ID", "Unique Child ID", "Child Unique Identifier",
                         "ChildUniqueID", "Child Unique Reference", "CUID"))
BIRTH = Column("Date of Birth", Kind.DATE, "birth", optional=True, personal=True,
               variants=("DOB", "Birth Date"))
GENDER = Column("Gender", variants=("Sex",))
ETHNICITY = Column("Ethnicity")
AGE = Column("Age of Child (Years)", variants=("Age", "Age of Child", "Age (Years)"))
DISABILITY = Column("Does the Child have a Disability", variants=("Disability",))
TEAM = Column("Allocated Team", personal=True, variants=("Team",))
WORKER = Column("Allocated Worker", personal=True, variants=("Worker", "Social Worker"))
COMMON = (CHILD, GENDER, ETHNICITY, BIRTH, AGE)


def _date(header: str, field: str | None = None, *, identifying: bool = False,
          mandatory: bool = False, optional: bool = False,
          variants: tuple[str, ...] = ()) -> Column:
    return Column(header, Kind.DATE, field, identifying=identifying,
                  mandatory=mandatory or identifying, optional=optional, variants=variants)


LISTS: tuple[ListSpec, ...] = (
    ListSpec(1, "Contacts", (
        *COMMON,
        _date("Date of Contact", "contact", identifying=True, variants=("Contact Date",)),
        Column("Contact Source", Kind.CATEGORY, "source", mandatory=True,
               category=codes.SOURCE, variants=("Source of Contact",)),
    ), Contact, "contacts"),
    ListSpec(2, "Early Help", (
        *COMMON,
        _date("Assessment start date", identifying=True,
              variants=("Early Help Assessment Start Date",)),
        _date("Assessment completion date", variants=("Early Help Assessment Completion Date",)),
        Column("Organisation completing assessment", identifying=True),
    )),
    ListSpec(3, "Referrals", (
        *COMMON,
        _date("Date of referral", "referral", identifying=True, variants=("Referral Date",)),
        Column("Referral Source", variants=("Source of Referral",)),
        Column("Referral NFA?", variants=("Referral NFA", "NFA")),
        Column("Number of Referrals in Last 12 Months"),
        TEAM, WORKER,
    ), Referral, "referrals"),
    ListSpec(4, "Assessments", (
        *COMMON, DISABILITY,
        _date("Continuous Assessment Start Date", "start", identifying=True),
        Column("Child Seen During Continuous Assessment"),
        _date("Continuous Assessment Date of Authorisation", "authorised",
              variants=("Assessment Date of Authorisation", "Assessment Authorisation Date",
                        "Date of Authorisation")),
        Column("Was the child assessed as requiring LA children's social care support?"),
        TEAM, WORKER,
    ), Assessment, "assessments"),
    ListSpec(5, "Section 47 enquiries and ICPCs", (
        *COMMON, DISABILITY,
        _date("Strategy discussion initiating Section 47 Enquiry Start Date", "start",
              identifying=True, variants=("Section 47 Enquiry Start Date", "S47 Start Date",
                                          "Strategy Discussion Date")),
        Column("Was an Initial Child Protection Conference deemed unnecessary?"),
        _date("Date of Initial Child Protection Conference", "icpc",
              variants=("ICPC Date", "Date of ICPC")),
        Column("Did the Initial Child Protection Conference Result in a Child Protection Plan"),
        Column("Number of Section 47 Enquiries in the last 12 months"),
        Column("Number of ICPCs in the last 12 months"),
        TEAM, WORKER,
    ), Enquiry, "enquiries"),
    ListSpec(6, "Children in Need", (
        *COMMON, DISABILITY,
        _date("CIN Start Date", "start", identifying=True),
        Column("Primary Need Code", variants=("Primary Need",)),
        _date("Date Child Was Last Seen", "last_seen"),
        _date("CIN Closure Date", "closed"),
        Column("Reason for Closure"),
        Column("Case Status", Kind.CATEGORY, "status", identifying=True, mandatory=True,
               category=codes.CASE_STATUS),
        TEAM, Column("Allocated Worker", field="worker", personal=True,
                     variants=("Worker", "Social Worker")),
    ), CinEpisode, "children_in_need", one_per_child=True, start="start"),
    ListSpec(7, "Child protection", (
        *COMMON, DISABILITY,
        _date("Child Protection Plan Start Date", "start", identifying=True,
              variants=("CP Plan Start Date",)),
        Column("Initial Category of Abuse"),
        Column("Latest Category of Abuse"),
        _date("Date of the Last Statutory Visit", "last_visit",
              variants=("Date of Last Statutory Visit",)),
        Column("Was the Child Seen Alone?", Kind.FLAG, "seen_alone", category=codes.SEEN_ALONE,
               variants=("Child Seen Alone",)),
        _date("Date of latest review conference", "last_review",
              variants=("Date of Latest Review Conference", "Latest Review Conference Date")),
        _date("Child Protection Plan End Date", "end", variants=("CP Plan End Date",)),
        Column("Subject to Emergency Protection Order or Protected Under Police Powers in Last "
               "Six Months (Y/N)"),
        Column("Number of Previous Child Protection Plans", Kind.INTEGER, "previous_plans",
               mandatory=True, variants=("Number of Previous CP Plans",)),
        TEAM, WORKER,
    ), ProtectionPlan, "protection", one_per_child=True, start="start"),
    ListSpec(8, "Children in care", (
        *COMMON,
        Column("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
        DISABILITY,
        _date("Date Started to be Looked After", "start", identifying=True,
              variants=("Date Started to be Looked After (Current Period)",
                        "Date Started Looked After")),
        Column("Child's Category of Need"),
        Column("Is this a second or subsequent period of being a Looked After Child within "
               "the last 12 months (Y/N)"),
        _date("Start date of current legal status"),
        Column("Child's Legal Status", Kind.CATEGORY, "legal_status", mandatory=True,
               category=codes.LEGAL_STATUS, variants=("Legal Status",)),
        _date("Date of Latest Statutory Review"),
        _date("Date of Last Social Work Visit"),
        Column("What is the permanence plan for this child?"),
        _date("Date of Last IRO Visit / Contact to the Child"),
        _date("Date of Last Health Assessment", "last_health"),
        _date("Date of Last Dental Check", "last_dental"),
        Column("Number of Placements in the Last 12 months", Kind.INTEGER, "placements",
               mandatory=True, variants=("Number of Placements in Last 12 Months",)),
        _date("Date Ceased to be Looked After", "ceased", variants=("Date Ceased Looked After",)),
        Column("Reason Ceased to be Looked After"),
        _date("Start Date of Most Recent Placement", "placement_start", mandatory=True,
              variants=("Start Date of Current Placement",)),
        Column("Placement Type"),
        Column("Placement Provider"),
        Column("Placement postcode", personal=True, variants=("Placement Post Code",)),
        Column("URN of Placement"),
        Column("Placement Location"),
        Column("LA of Placement"),
        TEAM, WORKER,
    ), CarePeriod, "in_care", one_per_child=True, start="start"),
    ListSpec(9, "Care leavers", (
        CHILD, GENDER, ETHNICITY,
        Column("Date of Birth", Kind.DATE, "birth", mandatory=True, personal=True,
               variants=("DOB", "Birth Date")),
        AGE,
        Column("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over "
               "(Y/N)"),
        DISABILITY, TEAM, WORKER,
        Column("Allocated Personal Advisor", optional=True, personal=True,
               variants=("Personal Advisor",)),
        Column("Eligibility Category", identifying=True),
        _date("Latest Pathway Plan Review Date", "pathway_review", optional=True,
              variants=("Pathway Plan Review Date", "Date of Latest Pathway Plan Review")),
        Column("LA in Touch", identifying=True, variants=("In Touch",)),
        _date("Latest Date of Contact", optional=True),
        Column("Type of Accommodation", variants=("Accommodation Type",)),
        Column("Suitability of Accommodation", Kind.CATEGORY, "accommodation",
               category=codes.SUITABILITY, variants=("Accommodation Suitability",)),
        Column("Activity Status", Kind.CATEGORY, "activity", category=codes.ACTIVITY,
               variants=("Activity",)),
    ), CareLeaver, "care_leavers", one_per_child=True),
    ListSpec(10, "Adoption", (
        Column("Family identifier"), *COMMON, DISABILITY,
        _date("Date the Child Entered Care"),
        _date("Date of Decision that Child Should be Placed for Adoption", identifying=True),
        _date("Date of Placement Order"),
    )),
    ListSpec(11, "Adopters", (
        Column("Individual adopter identifier", identifying=True, personal=True),
        Column("Family identifier"),
        _date("Date enquiry received", identifying=True),
    )),
)

BY_NUMBER = {spec.number: spec for spec in LISTS}
