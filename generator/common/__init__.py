"""The lowest layer, shared by every stage: problems and their Russian wording, Russian words and dates, atomic writes,
failures worded for people, academic years, the build's progress events.

Imports nothing else of innopub.
"""
