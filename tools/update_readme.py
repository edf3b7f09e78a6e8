"""Regenerate the README's configuration table and command reference from the code.

Run `python -m tools.update_readme` after changing a setting or a command; tests/test_docs.py
fails while the README is out of date, so the documentation cannot drift from the program.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

import config
from cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = [*prefix, name]
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


def cli_reference() -> str:
    runner = CliRunner()
    blocks = []
    for path, _command in [([], main), *_commands(main, [])]:
        result = runner.invoke(main, [*path, "--help"], prog_name="scr-digest", terminal_width=100)
        blocks.append(
            f"### `{' '.join(['scr-digest', *path])}`\n\n```\n{result.output.rstrip()}\n```"
        )
    return "\n\n".join(blocks)


def render(readme: str) -> str:
    for name, body in (("settings", config.settings_markdown()), ("cli", cli_reference())):
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
        found = pattern.search(readme)
        if not found:
            raise SystemExit(f"README.md lacks the {start} … {end} markers")
        readme = f"{readme[: found.start()]}{start}\n{body}\n{end}{readme[found.end() :]}"
    return readme


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    updated = render(current)
    if "--check" in sys.argv:
        sys.exit(
            0
            if updated == current
            else "README.md is out of date: run python -m tools.update_readme"
        )
    README.write_text(updated, encoding="utf-8")
