"""The unit directory answers as the database does: generic units of a unit's kind in its
region or above, full names; and it follows renames, new units and new parents at once."""

from __future__ import annotations

from django.db.models import Q

from duban.ledger.models import Region, Unit
from duban.ledger.services import create_unit, get_or_create_region, update_unit
from duban.ledger.services.directory import unit_directory
from duban.ledger.services.units import covering_unit_ids
from ledger.base import BaseTestCase


def covering_from_database(unit: Unit) -> set[int]:
    """The rule written as one query per level, as the ledger did before the directory."""
    if unit.kind_id is None or unit.is_generic or unit.region is None:
        return {unit.pk}
    regions, region = [], unit.region
    while region is not None and region.pk not in regions:
        regions.append(region.pk)
        region = region.parent
    generics = Unit.objects.filter(is_generic=True, kind_id=unit.kind_id, region_id__in=regions)
    return {unit.pk, *generics.values_list("pk", flat=True)}


class DirectoryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = get_or_create_region("江苏省")
        cls.county = get_or_create_region("东台市")
        Region.objects.filter(pk=cls.region.pk).update(parent=cls.province)
        Region.objects.filter(pk=cls.county.pk).update(parent=cls.region)
        cls.city_generic = create_unit(None, "各级卫生健康部门", cls.region)
        cls.province_generic = create_unit(None, "各级卫生健康部门", cls.province)
        cls.county_health = create_unit(None, "市卫生健康委", cls.county)
        cls.county_insurance = create_unit(None, "市医疗保障局", cls.county)

    def setUp(self):
        Region.objects.get(pk=self.county.pk).save()  # the parents above were set with update()

    def test_covering_ids_agree_with_the_database(self):
        units = Unit.objects.select_related("region").filter(~Q(name=""))
        self.assertGreaterEqual(units.count(), 6)
        for unit in units:
            with self.subTest(unit=unit.full_name):
                self.assertEqual(set(covering_unit_ids(unit)), covering_from_database(unit))
        self.assertEqual(set(covering_unit_ids(self.county_health)),
                         {self.county_health.pk, self.city_generic.pk, self.province_generic.pk})

    def test_a_rename_shows_at_once(self):
        unit_directory()
        update_unit(self.office, self.finance, name="市财政综合局")
        self.assertEqual(unit_directory().unit(self.finance.pk).full_name, "盐城市财政综合局")

    def test_a_new_unit_is_found(self):
        unit_directory()
        unit = create_unit(None, "市审计局", self.region)
        self.assertEqual(unit_directory().unit(unit.pk).name, "市审计局")

    def test_a_new_generic_unit_covers_its_kind_below(self):
        unit_directory()
        county_generic = create_unit(None, "各级医疗保障部门", self.county)
        self.assertIn(county_generic.pk, covering_unit_ids(self.county_insurance))

    def test_another_process_change_is_seen_once_the_version_moves(self):
        from unittest import mock

        from django.core.cache import cache

        from duban.ledger.services import directory

        unit_directory()
        # Another process renames the unit: no signal here, only its new version in the cache.
        Unit.objects.filter(pk=self.finance.pk).update(name="市财政综合局")
        with mock.patch.object(directory, "CHECK_EVERY", 0.0):
            self.assertEqual(unit_directory().unit(self.finance.pk).name, "市财政局")
            cache.set(directory.VERSION_KEY, "from-another-process")
            self.assertEqual(unit_directory().unit(self.finance.pk).name, "市财政综合局")
