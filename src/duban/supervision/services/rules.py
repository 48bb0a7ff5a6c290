"""The office's edits of the rules: supervision settings (lights, reminders, channels) and a
document's reporting cadence; each is audited and re-judges the tasks it affects."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.ledger.choices import ChangeAction, ReportCadence
from duban.ledger.models import Document, Unit
from duban.ledger.permissions import require_office
from duban.ledger.services import record_change
from duban.supervision.models import SupervisionSettings, UnitContact
from duban.supervision.services.status import recompute_all

RULE_FIELDS = (  # the rules the office edits, in the order the form shows them
    "yellow_days",
    "missing_report_yellow",
    "remind_before_days",
    "escalate_after",
    "email_enabled",
    "inbox_enabled",
    "webhook_enabled",
    "webhook_url",
    "escalation_issuer",
)
REPORT_DAY_RANGE = {
    ReportCadence.WEEKLY: (1, 7),
    ReportCadence.MONTHLY: (1, 31),
    ReportCadence.QUARTERLY: (1, 31),
}


@transaction.atomic
def update_rules(actor, changes: dict, today: dt.date) -> SupervisionSettings:
    """Change the supervision settings (office only) and re-judge every task on ``today``."""
    require_office(actor)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{', '.join(sorted(unknown))}")
    rules = SupervisionSettings.current()
    before = rules.snapshot()
    for name, value in changes.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    record_change(actor, ChangeAction.UPDATE, rules, before=before, after=rules.snapshot())
    recompute_all(today)
    return rules


@transaction.atomic
def set_cadence(
    actor, document: Document, cadence: str, report_day: int, today: dt.date
) -> Document:
    """Set how often and on which day a document's units report (office only)."""
    require_office(actor)
    if cadence not in ReportCadence.values:
        raise ValidationError({"report_cadence": f"未知报送周期：{cadence}"})
    low, high = REPORT_DAY_RANGE[cadence]
    if not low <= int(report_day) <= high:
        raise ValidationError({"report_day": f"报送日应在 {low} 到 {high} 之间"})
    before = document.snapshot()
    document.report_cadence, document.report_day = cadence, int(report_day)
    document.save(update_fields=["report_cadence", "report_day", "last_updated"])
    record_change(
        actor,
        ChangeAction.UPDATE,
        document,
        before=before,
        after=document.snapshot(),
        message="修改报送周期",
    )
    recompute_all(today, document)
    return document


CONTACT_FIELDS = {"head_name", "head_title", "email", "head_email"}


@transaction.atomic
def save_contact(actor, unit: Unit, data: dict) -> UnitContact:
    """Set who receives a unit's reminders and its 督办单 (office only), audited."""
    require_office(actor)
    contact, _ = UnitContact.objects.get_or_create(unit=unit)
    before = contact.snapshot()
    for name in CONTACT_FIELDS & set(data):
        setattr(contact, name, data[name])
    contact.full_clean()
    contact.save()
    record_change(
        actor,
        ChangeAction.UPDATE,
        contact,
        before=before,
        after=contact.snapshot(),
        related=unit,
        message="修改督办联系人",
    )
    return contact
