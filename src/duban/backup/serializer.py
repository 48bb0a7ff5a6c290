"""A JSON serializer for backups that keeps datetimes and times to the microsecond.

Django's own JSON serializer cuts them to milliseconds, so a dump and load would not give back
the same rows. Registered as the ``duban-json`` format; the output is plain Django JSON, which
``loaddata`` reads with its standard ``json`` deserializer.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import Deserializer  # noqa: F401  (a format needs both)
from django.core.serializers.json import Serializer as DjangoJSONSerializer

FORMAT_NAME = "duban-json"


class Serializer(DjangoJSONSerializer):
    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        if isinstance(value, dt.datetime | dt.time):
            return value.isoformat()
        return value
