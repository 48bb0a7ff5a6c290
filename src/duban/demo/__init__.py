"""A synthetic province for demos and benchmarks: ``duban seed-demo`` (see ``generator``)."""
