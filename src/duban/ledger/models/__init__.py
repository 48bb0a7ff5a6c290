"""The ledger's models, split by sub-domain and re-exported here."""

from duban.ledger.models.base import ChangeLoggedModel, ObjectChange
from duban.ledger.models.documents import (
    Assignment,
    Document,
    GroupAssignment,
    Indicator,
    IndicatorValue,
    Milestone,
    Task,
    TaskSearch,
    overdue_q,
)
from duban.ledger.models.reports import EvidenceFile, ProgressReport
from duban.ledger.models.units import (
    Profile,
    Region,
    Unit,
    UnitAlias,
    UnitGroup,
    UnitKind,
    UnitKindForm,
)

__all__ = [
    "Assignment",
    "ChangeLoggedModel",
    "Document",
    "EvidenceFile",
    "GroupAssignment",
    "Indicator",
    "IndicatorValue",
    "Milestone",
    "ObjectChange",
    "Profile",
    "ProgressReport",
    "Region",
    "Task",
    "TaskSearch",
    "Unit",
    "UnitAlias",
    "UnitGroup",
    "UnitKind",
    "UnitKindForm",
    "overdue_q",
]
