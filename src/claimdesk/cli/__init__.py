"""The ``claimdesk`` command line: a thin layer over the library.

Each submodule registers the commands of one concern on the group defined in ``base``.
"""

from claimdesk.cli import extracting  # noqa: F401  (registers commands)
from claimdesk.cli.base import cli

__all__ = ["cli"]
