"""What a newcomer does first: the README's walkthrough, its commands taken from the README
itself and run for real (bash, the project's Makefile and .venv, a fresh folder with nothing of
this machine's settings), saying what the README says they say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.update_readme import README, normalise, run_sessions, sessions


def _comparable(output: str) -> str:
    text = normalise(output)
    if shutil.which("tesseract") is None:  # the README's run had OCR; this machine has not
        text = re.sub(r"\d+ extracted, \d+ need OCR", "N extracted, N need OCR", text)
        text = "\n".join(line for line in text.splitlines() if "need OCR:" not in line)
    return text


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    readme = README.read_text(encoding="utf-8")
    documented = sessions(readme)
    commands = [step.command for block in documented for step in block]
    assert commands[0] == "make demo" and ". .venv/bin/activate" in commands
    assert not any(re.search(r"--month \d{4}-\d{2}", command) for command in commands)
    ran = sessions(readme)
    run_sessions(ran, tmp_path)
    for shown, real in zip(
        [step for block in documented for step in block],
        [step for block in ran for step in block],
        strict=True,
    ):
        expected = 1 if shown.output.startswith("Error:") else 0
        assert real.status == expected, f"$ {real.command}\n{real.output}"
        assert _comparable(real.output) == _comparable(shown.output), f"$ {real.command}"
    # What it printed can be run as it is: the Try lines name the program's real path.
    demo_output = ran[0][0].output
    assert "Try: .venv/bin/scr-digest --config scr-digest-demo/scr-digest.toml" in demo_output
    assert re.search(r"http://127\.0\.0\.1:8080/drafts/\d{4}-\d{2}\?key=\S+", demo_output)
