from claimdesk.cli import cli

cli(prog_name="claimdesk")
