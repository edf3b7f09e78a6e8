"""Regenerate the README's configuration table and command reference from the code.

Run `python -m tools.update_readme` after changing a setting or a command; tests/test_docs.py
fails while the README is out of date, so the documentation cannot drift from the program.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
from click.testing import CliRunner

import config
from cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _commands(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
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


# ---------------------------------------------------------------- the walkthrough, run for real
#
# Code blocks between <!-- session:start --> and <!-- session:end --> are terminal sessions:
# lines starting "$ " are commands, the lines after one its output. `--sessions` runs every
# command, in order, in one bash in a fresh folder (the project's .venv, Makefile and
# pyproject.toml linked in, no SCR_DIGEST_* variables, HOME inside it) and writes the real
# output back; tests/test_newcomer.py runs the same commands and compares.

SESSION = re.compile(r"(<!-- session:start -->\n```\n)(.*?)(```\n<!-- session:end -->)", re.S)
SHOWN_FOLDER = "/home/you/scr-digest"  # the fresh folder's path, as the README shows it


@dataclass
class Step:
    command: str
    output: str = ""
    status: int = 0


def sessions(readme: str) -> list[list[Step]]:
    """The commands of each session block, with the output the README shows for each."""
    blocks = []
    for found in SESSION.finditer(readme):
        steps: list[Step] = []
        for line in found.group(2).splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:]))
            elif steps:
                steps[-1].output += line + "\n"
        blocks.append(steps)
    return blocks


def _shell_line(command: str) -> str:
    # The virtual environment exists already: `make` must not rebuild it.
    return re.sub(r"^make\b", "make --old-file=.venv/.installed", command)


def run_sessions(blocks: list[list[Step]], folder: Path, *, timeout: float = 900) -> None:
    """Run every command for real in ``folder`` (made fresh), filling in output and status."""
    for name in (".venv", "Makefile", "pyproject.toml"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "home").mkdir()
    steps = [step for block in blocks for step in block]
    script = ["set +e"]
    for number, step in enumerate(steps):
        script.append(f"printf '\\n@@@step {number}\\n'")
        script.append(f"{{ {_shell_line(step.command)}\n}} 2>&1 </dev/null")
        script.append(f"printf '\\n@@@status {number} %d\\n' $?")
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCR_DIGEST_")}
    # A newcomer's shell: no virtualenv, and not inside another make (which would make the
    # walkthrough's own `make demo` print "make[1]: Entering directory …").
    for name in ("VIRTUAL_ENV", "MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"):
        env.pop(name, None)
    env.update({"HOME": str(folder / "home"), "COLUMNS": "100", "LC_ALL": "C.UTF-8"})
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", "").split(os.pathsep) if not part.startswith(str(ROOT))
    )
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    parts = re.split(r"\n?@@@step (\d+)\n", done.stdout)
    for number_text, chunk in zip(parts[1::2], parts[2::2], strict=True):
        step = steps[int(number_text)]
        body, _, status = chunk.rpartition("\n@@@status ")
        step.status = int(status.split()[1])
        text = body.replace(str(folder.resolve()), SHOWN_FOLDER).replace(str(folder), SHOWN_FOLDER)
        step.output = "".join(line.rstrip() + "\n" for line in text.rstrip("\n").splitlines())
        if not body.strip():
            step.output = ""


def render_sessions(readme: str, blocks: list[list[Step]]) -> str:
    texts = iter("".join(f"$ {step.command}\n{step.output}" for step in block) for block in blocks)
    return SESSION.sub(lambda m: m.group(1) + next(texts) + m.group(3), readme)


# What differs from one real run to the next: ports, times, dates, keys, random ids.
_VARIABLE = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"\d{8}-\d{6}-"), "YYYYMMDD-HHMMSS-"),
    (re.compile(r"-[0-9a-f]{10}\.eml"), "-ID.eml"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(\+00:00|Z)?"), "DATETIME"),
    (
        re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} [\d:]{8} [+-]\d{4}"),
        "DATE",
    ),
    (
        re.compile(
            r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
            r"October|November|December) \d{4}( \d{2}:\d{2})?"
        ),
        "DAY",
    ),
    (
        re.compile(
            r"\b(January|February|March|April|May|June|July|August|September|October|"
            r"November|December) \d{4}"
        ),
        "MONTH",
    ),
    (re.compile(r"\b\d{4}-(0[1-9]|1[0-2])\b"), "YYYY-MM"),
    (re.compile(r"key=[A-Za-z0-9._-]+"), "key=KEY"),
    (re.compile(r"/unsubscribe/[A-Za-z0-9_-]+"), "/unsubscribe/TOKEN"),
    (re.compile(r"/feedback/[A-Za-z0-9._-]+"), "/feedback/TOKEN"),  # signed with a new key
    (re.compile(r"<YYYY-MM\.\d+\.[0-9a-f]+@"), "<MESSAGE-ID@"),
    (re.compile(r"={15}\d+=="), "BOUNDARY"),
    (re.compile(r"\b\d{2}:\d{2}\b"), "HH:MM"),
    (re.compile(r"(, by )\S+( on DAY)"), r"\1USER\2"),  # who ran `digest approve`
    (re.compile(r"\bDAY [A-Z]{3,4}\b"), "DAY ZONE"),  # GMT in winter, BST in summer
]


def normalise(output: str) -> str:
    for pattern, placeholder in _VARIABLE:
        output = pattern.sub(placeholder, output)
    return output


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    if "--sessions" in sys.argv:
        blocks = sessions(current)
        with tempfile.TemporaryDirectory() as folder:
            run_sessions(blocks, Path(folder))
        current = render_sessions(current, blocks)
    updated = render(current)
    if "--check" in sys.argv:
        sys.exit(
            0
            if updated == current
            else "README.md is out of date: run python -m tools.update_readme"
        )
    README.write_text(updated, encoding="utf-8")
