"""The Datasette plugin: the review permission (further hooks live beside it)."""

from __future__ import annotations

from datasette import hookimpl
from datasette.permissions import Action

REVIEW_ACTION = "claimdesk-review"


@hookimpl
def register_actions(datasette):
    return [
        Action(name=REVIEW_ACTION, abbr=None, description="Record review decisions on claims in claimdesk")
    ]
