"""What a newcomer does first: the README's walkthrough, its commands taken from the README
itself and run for real (bash, the project's Makefile and .venv, a fresh folder with nothing of
this machine's settings), saying what the README says they say."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.update_readme import README, normalise, run_sessions, sessions

VENV_BIN = Path(sys.executable).parent  # the project's .venv/bin, where scr-digest is


def _shell(command: str, folder: Path, path: str) -> subprocess.CompletedProcess[str]:
    """``command`` in bash in ``folder``, with only ``path`` to find programs on."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCR_DIGEST_")}
    env.update({"PATH": path, "HOME": str(folder), "LC_ALL": "C.UTF-8"})
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        ["/bin/bash", "-c", command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


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
    # Nor in the README's other examples a newcomer may copy (the generated command
    # reference's "Example:" lines and the sessions' real output aside): a month that was never
    # drafted gives an empty digest.
    prose = re.sub(
        r"<!-- (cli|session):start -->.*?<!-- (cli|session):end -->", "", readme, flags=re.S
    )
    assert not re.findall(r".*--month \d{4}-\d{2}.*", prose)
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
    lines = demo_output.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("Try: "))
    tried = [line.strip().removeprefix("Try:").strip() for line in lines[first:]]
    assert len(tried) == 4
    # Run as printed, in a newcomer's shell (no virtual environment active), after the
    # walkthrough; `users add` asks for a password and `serve` runs until stopped
    # (tests/test_serve.py opens the draft link it prints).
    for command in tried[:2]:
        done = _shell(command, tmp_path, os.environ.get("PATH", "/usr/bin:/bin"))
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "Child A" in done.stdout, command


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="follows the advice: needs OCR")
def test_the_demo_without_ocr_says_what_to_install_and_its_advice_works(tmp_path: Path) -> None:
    """On a machine without tesseract, the demo says what to install and what to run then;
    installed (here: on the PATH again), that command OCRs the scanned report."""
    demo = _shell("scr-digest demo --dir demo", tmp_path, str(VENV_BIN))  # no tesseract there
    assert demo.returncode == 0, demo.stderr
    (advice,) = [line for line in demo.stdout.splitlines() if "need OCR:" in line]
    assert advice.startswith("1 scanned report(s) have no text layer and need OCR: install ")
    assert "apt-get install tesseract-ocr" in advice
    command = advice.split("then run: ", 1)[1]
    assert command == "scr-digest --config demo/scr-digest.toml reports extract --all"
    with_ocr = f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    done = _shell(command, tmp_path, with_ocr)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 extracted, 0 need OCR, 0 failed"), done.stdout
    status = _shell("scr-digest --config demo/scr-digest.toml status", tmp_path, with_ocr)
    assert "overview reports: 27 ok\n" in status.stdout, status.stdout
