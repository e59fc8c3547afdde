"""Stage 6 (harvest): ``innopub harvest``, the one step of innopub that touches the network.

A regional site fetches its municipalities' exports (:mod:`generator.render.export`) over HTTP(S), checks them as
untrusted content and keeps the last good copy of each in ``harvest/<municipality>/``. Only the commands import this
package; no other module imports a network library (tests/test_layers.py), so a build never opens a connection.
"""
