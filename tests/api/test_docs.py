"""Issue 13.9: /api/v1/docs serves Swagger UI from the app's own static files (vendored from
the npm package swagger-ui-dist, with its licence): every script and style the page names is a
local static URL that exists, and the page carries no inline script."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase

VENDORED = ["vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
            "vendor/swagger-ui/LICENSE", "api/swagger-init.js"]


class DocsPageTests(SimpleTestCase):
    def test_the_docs_page_names_only_local_static_files(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertTrue(urls)
        for url in urls:
            with self.subTest(url=url):
                self.assertTrue(url.startswith("/static/"), url)
                self.assertIsNotNone(finders.find(url.removeprefix("/static/")), url)
        self.assertNotIn("cdn", html.lower())
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        inline = [body for attrs, body in scripts if body.strip() and "application/json" not in attrs]
        self.assertEqual(inline, [])

    def test_the_vendored_files_and_licence_exist(self):
        for path in VENDORED:
            with self.subTest(path=path):
                self.assertIsNotNone(finders.find(path))
        licence = open(finders.find("vendor/swagger-ui/LICENSE"), encoding="utf-8").read()
        self.assertIn("Apache License", licence)
