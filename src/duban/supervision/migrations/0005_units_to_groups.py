"""Existing data (issue 14): units created from group phrases (各成员单位, 各级X部门 …) before
unit groups existed become unit groups. Their task lines move to the group; a 各级X部门 group
starts with the departments of its kind in its region and below, each given its own line. A
unit people report for, or with a closing request, is kept as a unit (the office decides)."""

from django.db import migrations

from duban.ledger.services.groups import group_patterns, is_group_name


def region_tree(region_model, region_id):
    if region_id is None:
        return [None]
    ids, frontier = [region_id], [region_id]
    while frontier:
        frontier = [pk for pk in region_model.objects.filter(parent_id__in=frontier)
                    .values_list("pk", flat=True) if pk not in ids]
        ids += frontier
    return ids


def in_use(apps, unit) -> bool:
    """Whether people report for the unit (then it stays a unit for the office to decide)."""
    return any(apps.get_model(app, name).objects.filter(unit=unit).exists() for app, name in (
        ("ledger", "Profile"), ("ledger", "ProgressReport"), ("supervision", "ClosingRequest")))


def members_of(apps, unit):
    unit_model = apps.get_model("ledger", "Unit")
    if unit.kind_id is None or not group_patterns()[1].search(unit.name):
        return []
    regions = region_tree(apps.get_model("ledger", "Region"), unit.region_id)
    return list(unit_model.objects.filter(kind_id=unit.kind_id, is_generic=False,
                                          region_id__in=regions).exclude(pk=unit.pk))


def unit_to_group(apps, unit) -> None:
    group_model = apps.get_model("ledger", "UnitGroup")
    link_model = apps.get_model("ledger", "GroupAssignment")
    assignment_model = apps.get_model("ledger", "Assignment")
    group, _ = group_model.objects.get_or_create(name=unit.name, region_id=unit.region_id)
    members = members_of(apps, unit)
    group.members.add(*members)
    for line in assignment_model.objects.filter(unit=unit):
        link_model.objects.get_or_create(task_id=line.task_id, group=group, defaults={
            "role": line.role, "name_as_written": line.name_as_written, "order": line.order})
        for member in members:
            assignment_model.objects.get_or_create(task_id=line.task_id, unit=member, defaults={
                "role": line.role, "name_as_written": line.name_as_written,
                "order": 100 + line.order, "via_group": group})
    assignment_model.objects.filter(unit=unit).delete()
    for app, name in (("ledger", "UnitAlias"), ("supervision", "UnitContact"),
                      ("supervision", "Reminder"), ("supervision", "EscalationNotice")):
        apps.get_model(app, name).objects.filter(unit=unit).delete()
    apps.get_model("supervision", "Notification").objects.filter(unit=unit).update(unit=None)
    unit.delete()


def units_to_groups(apps, schema_editor=None) -> None:
    for unit in apps.get_model("ledger", "Unit").objects.order_by("pk"):
        if is_group_name(unit.name) and not in_use(apps, unit):
            unit_to_group(apps, unit)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_unit_groups"),
        ("supervision", "0004_manual_escalations"),
    ]

    operations = [migrations.RunPython(units_to_groups, migrations.RunPython.noop)]
