"""The parse worker lives on from one job to the next: the memory a large document took must
be given back when its job ends, or the worker stays that large and the next large document's
peak comes on top (benchmarks/hostile_p95.py saw a worker kept at 460 MB after a refused
.docx, then reach 620 MB on the next file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

PARSE_A_LARGE_DOCX = textwrap.dedent("""
    import io, json, resource, zipfile
    import django
    django.setup()
    from duban.ledger.services.pending import pending_of, save_upload
    from duban.ledger.tasks import parse_upload
    from duban.lib.memory import resident_bytes

    paragraph = "<w:p><w:r><w:t>推进分级诊疗制度建设，完善医保支付方式改革。</w:t></w:r></w:p>"
    body = paragraph * (24 * 2**20 // len(paragraph.encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
        archive.writestr("word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    del body

    class Owner:
        pk = 1

    token = save_upload(Owner(), "大文件.docx", out.getvalue())
    del out
    before = resident_bytes()
    state = parse_upload.call(token)
    after = resident_bytes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"state": state, "reason": pending_of(token).reason, "before": before,
                      "after": after, "peak": peak}, ensure_ascii=False))
""")


def test_a_refused_large_document_leaves_the_worker_as_small_as_before(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DUBAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "duban.settings"}
    done = subprocess.run([sys.executable, "-c", PARSE_A_LARGE_DOCX], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["state"] == "failed" and "无法读取该文件" in result["reason"]
    mb = 2**20
    assert result["peak"] - result["before"] > 80 * mb  # the document was costly to read
    assert result["after"] - result["before"] < 32 * mb, (
        f"the worker kept {(result['after'] - result['before']) / mb:.0f} MB")
