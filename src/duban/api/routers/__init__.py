"""One django-ninja router per domain: documents, tasks, units, reports, supervision, imports,
tokens."""
