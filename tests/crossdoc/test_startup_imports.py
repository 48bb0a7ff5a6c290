"""The web app and the parse worker start without scikit-learn and scipy: the import preview's
URLs reach the similarity module, and those libraries (about 100 MB of a worker's memory) are
used only when documents are compared, never when one is read. They load on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

HEAVY = ("sklearn", "scipy")

START_THEN_COMPARE = textwrap.dedent("""
    import json, sys
    import django
    django.setup()
    from django.core.management import call_command
    import duban.urls, duban.ledger.tasks
    call_command("check", verbosity=0)
    heavy = {HEAVY!r}
    at_start = sorted(m for m in heavy if m in sys.modules)
    from duban.crossdoc.services.similarity import align
    pairs = align(["推进分级诊疗制度建设"], ["推进分级诊疗制度建设", "完善医保支付方式"])
    on_use = sorted(m for m in heavy if m in sys.modules)
    print(json.dumps({{"at_start": at_start, "on_use": on_use, "pairs": pairs}}))
""").format(HEAVY=HEAVY)


def test_the_app_and_the_worker_start_without_sklearn_and_scipy(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DUBAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "duban.settings"}
    done = subprocess.run([sys.executable, "-c", START_THEN_COMPARE], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["at_start"] == []
    assert result["on_use"] == sorted(HEAVY)
    assert [pair[:2] for pair in result["pairs"]] == [[0, 0]]
