"""``serve``: Datasette on 127.0.0.1 with the project's metadata and configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from claimdesk.cli.base import cli, library_errors
from claimdesk.errors import InputError


def check_config_files(metadata: str, config: str) -> None:
    """Parse both files first, so a typo is one line naming the file, not Datasette's traceback."""
    import json

    import yaml

    for path, parse, kind in ((metadata, json.loads, "JSON"), (config, yaml.safe_load, "YAML")):
        try:
            value = parse(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
            raise InputError(f"{path}: cannot be read as {kind}: {e}") from e
        if value is not None and not isinstance(value, dict):
            raise InputError(f"{path}: expected a mapping at the top level")


def datasette_command(
    db_path: str, *, port: int, root: bool, metadata: str, config: str, host: str = "127.0.0.1"
) -> list[str]:
    """The ``datasette serve`` command line for the database and the project's two files."""
    for label, path in (("database", db_path), ("metadata file", metadata), ("configuration file", config)):
        if not Path(path).is_file():
            hint = " (run `claimdesk build` first)" if label == "database" else ""
            raise InputError(f"{label} not found: {path}{hint}")
    check_config_files(metadata, config)
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        db_path,
        "-m",
        metadata,
        "-c",
        config,
        "-h",
        host,
        "-p",
        str(port),
    ]
    if root:
        command.append("--root")
    return command


@cli.command()
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1.")
@click.option("--root", is_flag=True, help="Print a one-time sign-in URL for the root user (can review).")
@click.option(
    "--metadata",
    default="datasette-metadata.json",
    show_default=True,
    help="Datasette metadata file (descriptions only).",
)
@click.option(
    "--config",
    "config",
    default="datasette.yaml",
    show_default=True,
    help="Datasette configuration file (facets, queries, permissions, plugins).",
)
@click.pass_obj
@library_errors
def serve(obj: dict, port: int, root: bool, metadata: str, config: str) -> None:
    """Browse and review the database in Datasette on http://127.0.0.1:PORT/."""
    command = datasette_command(obj["db_path"], port=port, root=root, metadata=metadata, config=config)
    click.echo(f"Serving {obj['db_path']} on http://127.0.0.1:{port}/", err=True)
    try:
        raise SystemExit(subprocess.call(command))
    except KeyboardInterrupt:
        raise SystemExit(0) from None
