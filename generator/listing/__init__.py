"""How any listing is ordered, grouped in titled sections and split into pages: the mechanics the kinds, the
model, the coordinators and the pages share, knowing entries only by the attributes they sort on.

May import: ``common``.
"""
