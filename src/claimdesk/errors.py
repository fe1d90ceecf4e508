"""Errors raised by claimdesk.

Every error is a ``ClaimdeskError``; the CLI turns any of them into a one-line message and exit
status 1, the Datasette plugin into a 4xx response. None of them depends on click.

    ClaimdeskError
    ├── InputError          bad input a user can fix: missing or unreadable file, malformed URL
    │   ├── LedgerError     a ledger file that is not valid JSON or not a ledger
    │   └── InvalidStatus   a review status outside STATUSES
    ├── NotFound            an id that names no row (claim, source, snapshot)
    └── FetchError          a fetch that failed; ``kind`` names the failure (timeout, dns, ...)
"""

from __future__ import annotations


class ClaimdeskError(Exception):
    """Base class of every error claimdesk raises on purpose."""


class InputError(ClaimdeskError):
    """Input the user can fix: a missing file, a malformed URL, an empty article."""


class LedgerError(InputError):
    """A ledger file that cannot be read as a claimdesk ledger."""


class InvalidStatus(InputError):
    """A review status that is not one of ``claimdesk.reviews.STATUSES``."""


class NotFound(ClaimdeskError):
    """An id that names no row."""


class FetchError(ClaimdeskError):
    """A fetch that failed; ``kind`` is the error kind stored on the snapshot row."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
