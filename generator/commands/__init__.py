"""The top: the ``innopub`` command (check, new, build, serve, bulletin, publish), its arguments, reports and display.

May import: everything.
"""
