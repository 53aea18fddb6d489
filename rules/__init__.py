"""The built-in rule pack, written against the public API in :mod:`incidentlint.api`.

Installed as ``incidentlint.rules``. ``MODULES`` lists the modules whose rules are loaded, in catalogue order.
"""

MODULES: tuple[str, ...] = ()
