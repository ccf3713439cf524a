"""The installed package finds its rules and templates, and runs from any directory offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "drafts" / "shadow-day.txt"
CHECKOUT = Path(__file__).resolve().parents[1]


def run_installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m coach` as an installed program: from elsewhere, without the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(NO_COLOR="1", HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9")  # any network use fails
    return subprocess.run([sys.executable, "-m", "coach", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_installed_coach_checks_the_sample_from_another_directory(tmp_path: Path) -> None:
    proc = run_installed("check", "--format", "json", str(SAMPLE), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # the sample has error-level findings
    data = json.loads(proc.stdout)
    assert data["verdict"] == "revise" and data["findings"] and data["revision"]["changes"]


def test_the_installed_package_carries_its_data(tmp_path: Path) -> None:
    code = "import coach; from coach.resources import data_dir; print(coach.__file__); print(data_dir('rules')); print(data_dir('templates'))"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    module, rules, templates = (Path(p) for p in proc.stdout.split())
    package = module.parent
    assert (rules / "en" / "pack.toml").is_file() and (templates / "revision").is_dir()
    if package.parent == CHECKOUT:  # an editable install: the checkout's own folders
        assert rules == CHECKOUT / "rules" and templates == CHECKOUT / "templates"
    else:  # a wheel (what CI installs): the data travels inside the package
        assert rules == package / "_data" / "rules" and templates == package / "_data" / "templates"
