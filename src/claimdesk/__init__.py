"""claimdesk: a citation and claim fact-checking workbench."""

__version__ = "0.1.0"
