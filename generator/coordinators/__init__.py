"""Stage 5b, the coordinators' view: monitoring of platforms, decisions under control, charts, open datasets.

May import: ``editions`` and every stage below it.
"""
