"""WSGI entry point: ``gunicorn duban.wsgi`` or Django's runserver."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")

application = get_wsgi_application()

from duban.security.checks import refuse_unsafe_start  # noqa: E402  (needs the apps loaded)

refuse_unsafe_start()
