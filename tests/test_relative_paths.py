"""A relative path in a config file is relative to the file's folder, wherever scr-digest is
run from; every path is absolute once the settings are loaded."""

from __future__ import annotations

import http.client
import os
import subprocess
import time
from pathlib import Path

from serve_helpers import SCR_DIGEST, free_port

import config as settings


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("SCR_DIGEST_")}


def test_paths_in_a_config_file_are_read_from_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "board"
    folder.mkdir()
    (folder / "scr-digest.toml").write_text(
        'data_dir = "data"\nlog_file = "logs/scr-digest.log"\n', encoding="utf-8"
    )
    loaded = settings.load(folder / "scr-digest.toml")
    assert loaded.data_dir == folder / "data"
    assert loaded.log_file == folder / "logs" / "scr-digest.log"
    (folder / "db.toml").write_text('db = "sqlite:///state/board.db"\n', encoding="utf-8")
    assert settings.load(folder / "db.toml").db_url == f"sqlite:///{folder / 'state' / 'board.db'}"
    # From the environment or a flag: relative to where the command runs, made absolute.
    from_env = settings.load(None, {"SCR_DIGEST_DATA_DIR": "here"})
    assert from_env.data_dir.is_absolute() and from_env.data_dir == Path.cwd() / "here"


def test_status_from_another_folder_uses_the_config_files_database(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "board", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "scr-digest.toml").write_text('data_dir = "data"\n', encoding="utf-8")
    result = subprocess.run(
        [SCR_DIGEST, "--config", "../board/scr-digest.toml", "status"],
        cwd=elsewhere,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"database: sqlite:///{folder / 'data' / 'scr-digest.db'}" in result.stdout
    assert f"data directory: {folder / 'data'}" in result.stdout
    assert (folder / "data" / "scr-digest.db").exists()
    assert list(elsewhere.iterdir()) == []  # no new, empty database where it was run


def test_the_console_serves_the_archive_of_a_relative_data_directory(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "board", tmp_path / "elsewhere"
    (folder / "data" / "archive").mkdir(parents=True)
    elsewhere.mkdir()
    (folder / "scr-digest.toml").write_text('data_dir = "data"\n', encoding="utf-8")
    (folder / "data" / "archive" / "index.html").write_text("<h1>Our bulletins</h1>")
    port = free_port()
    process = subprocess.Popen(
        [SCR_DIGEST, "--config", "../board/scr-digest.toml", "serve", "--port", str(port)],
        cwd=elsewhere,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", "/archive/")
                response = connection.getresponse()
                body = response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "serve not up"
                time.sleep(0.2)
            finally:
                connection.close()
        assert response.status == 200
        assert "Our bulletins" in body
    finally:
        process.terminate()
        process.communicate(timeout=10)
