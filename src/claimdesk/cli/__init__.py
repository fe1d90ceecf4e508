"""The ``claimdesk`` command line: a thin layer over the library.

Each submodule registers the commands of one concern on the group defined in ``base``.
"""

from claimdesk.cli import (  # noqa: F401  (each import registers its commands)
    building,
    evidencing,
    exporting,
    extracting,
    fetching,
    reviewing,
    serving,
    sourcing,
)
from claimdesk.cli.base import cli

__all__ = ["cli"]
