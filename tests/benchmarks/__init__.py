"""Benchmarks: a seeded synthetic network (``generate.py``) and the timing table (``run.py``).

Only ``test_generate.py`` is collected by pytest; the rest are scripts, never part of the suite's
pass/fail.
"""
