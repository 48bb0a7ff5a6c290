"""Optimistic locking of task edits: an edit made from a stale version is refused with a clear
conflict (EditConflict in the service, HTTP 409 with the message on the edit page); the edit
form and the API PATCH must carry the version (issue 13.7; the API side in api/test_contract)."""

from __future__ import annotations

from duban.ledger.models import ObjectChange, Task
from duban.ledger.services import edit_task
from duban.ledger.services.tasks import EditConflict
from security.fast import fast_passwords
from web.base import WebTestCase

# (first edit's expected version, second edit's expected version, second succeeds, note)
CASES = [
    (1, 1, False, "both edits made from version 1: the second is a conflict"),
    (1, 2, True, "the second edit was made after reloading version 2"),
    (None, 1, False, "an unversioned edit still moves the version on"),
    (1, None, True, "an unversioned edit applies to the current row"),
]


@fast_passwords
class ServiceLockingTests(WebTestCase):
    def test_cases(self):
        for first, second, succeeds, note in CASES:
            with self.subTest(note):
                task = Task.objects.get(pk=self.own_task.pk)
                start = task.version
                expected_first = None if first is None else start + first - 1
                expected_second = None if second is None else start + second - 1
                edit_task(self.office, Task.objects.get(pk=task.pk), {"target": f"A{note}"},
                          expected_version=expected_first)
                try:
                    edit_task(self.office, Task.objects.get(pk=task.pk), {"target": f"B{note}"},
                              expected_version=expected_second)
                except EditConflict as exc:
                    self.assertFalse(succeeds)
                    self.assertIn("已被他人修改", exc.messages[0])
                    self.assertEqual(Task.objects.get(pk=task.pk).target, f"A{note}")
                    self.assertEqual(Task.objects.get(pk=task.pk).version, start + 1)
                else:
                    self.assertTrue(succeeds)
                    self.assertEqual(Task.objects.get(pk=task.pk).target, f"B{note}")
                    self.assertEqual(Task.objects.get(pk=task.pk).version, start + 2)

    def test_audit_shows_the_version_step(self):
        edit_task(self.office, self.own_task, {"target": "新目标"}, expected_version=1)
        change = ObjectChange.objects.for_object(self.own_task).filter(action="update").first()
        self.assertEqual((change.before["version"], change.after["version"]), (1, 2))


@fast_passwords
class EditPageConflictTests(WebTestCase):
    def form_data(self, version: int, target: str) -> dict:
        task = self.own_task
        return {"seq": task.seq, "category": task.category, "content": task.content,
                "deadline_text": task.deadline_text, "deadline_kind": task.deadline_kind,
                "deadline_due": task.deadline_due or "", "target": target, "state": task.state,
                "lead_units": [self.health.pk], "participating_units": [self.finance.pk],
                "version": version}

    def test_stale_form_gets_409_and_keeps_the_first_edit(self):
        self.sign_in("office")
        url = f"/tasks/{self.own_task.pk}/edit/"
        page = self.client.get(url)
        self.assertContains(page, 'name="version" value="1"')
        first = self.client.post(url, self.form_data(1, "第一位的修改"))
        self.assertEqual(first.status_code, 302)
        stale = self.client.post(url, self.form_data(1, "第二位的修改"))
        self.assertEqual(stale.status_code, 409)
        self.assertContains(stale, "已被他人修改", status_code=409)
        task = Task.objects.get(pk=self.own_task.pk)
        self.assertEqual((task.target, task.version), ("第一位的修改", 2))

    def test_a_form_without_the_version_is_refused(self):
        self.sign_in("office")
        url = f"/tasks/{self.own_task.pk}/edit/"
        for version in ("", "abc", "0"):
            with self.subTest(version=version):
                response = self.client.post(url, self.form_data(version, "无版本的修改"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "version")
                self.assertContains(response, "请重新打开编辑页面")
                task = Task.objects.get(pk=self.own_task.pk)
                self.assertEqual((task.target, task.version), ("", 1))
