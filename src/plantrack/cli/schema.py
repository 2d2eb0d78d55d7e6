"""``plantrack schema``: print the JSON Schema of the plan format, for editors.

The schema is derived from the format's one declaration (:mod:`plantrack.format`)
by :mod:`plantrack.schema`; the committed copy is ``schema/plan.schema.json``.
A plan can point editors at it with a first line::

    # yaml-language-server: $schema=../schema/plan.schema.json
"""

from __future__ import annotations

import click

from plantrack.cli._common import handle_errors

__all__ = ["schema"]


@click.command()
@handle_errors
def schema() -> None:
    """Print a JSON Schema of the plan format (committed as schema/plan.schema.json).

    Editors with the YAML language server validate a plan while typing when
    it starts with:  # yaml-language-server: $schema=../schema/plan.schema.json
    """
    from plantrack.schema import render_schema

    click.echo(render_schema(), nl=False)
