"""Make `.venv` hold exactly what a make target needs, built by the interpreter that runs this script.

`make run` and `make test` call it as `$(PYTHON) scripts/ensure_venv.py [--extra test]`. Why a script and not
plain make rules: make only compares file times, so a `.venv` left by another Python (or by an install that stopped
half-way) used to look finished and kept failing until someone deleted it by hand. Here the venv carries a small
record (`.venv/boundary-lab.json`) of the interpreter that built it and what was installed, written only after an
install succeeded. A venv whose interpreter is not this one, or that cannot run at all, is rebuilt, saying so; an
install that did not finish, or a pyproject.toml that changed, is installed again.

Serving needs only the runtime dependencies; the test extra (Playwright, scikit-learn, schemathesis,
openapi-spec-validator, ruff, the notebook tools) comes with `make test` alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD_NAME = "boundary-lab.json"


def interpreter_identity(python: str | Path) -> str | None:
    """Version and platform of an interpreter, or None when it does not run (a venv whose base Python is gone)."""
    probe = "import sys, platform; print(sys.version, platform.machine(), sys.implementation.cache_tag)"
    try:
        done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def this_identity() -> str:
    import platform

    return f"{sys.version} {platform.machine()} {sys.implementation.cache_tag}"


def read_record(venv_dir: Path) -> dict:
    try:
        return json.loads((venv_dir / RECORD_NAME).read_text())
    except (OSError, ValueError):
        return {}


def why_rebuild(venv_dir: Path) -> str | None:
    """A reason to throw the venv away, or None when its interpreter is the one asked for."""
    if not venv_dir.exists():
        return None
    python = venv_dir / "bin" / "python"
    found = interpreter_identity(python) if python.exists() else None
    if found is None:
        return f"{venv_dir.name} has no working interpreter"
    if found != this_identity():
        return f"{venv_dir.name} was made by Python {found.split()[0]}, this is Python {sys.version.split()[0]}"
    return None


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]


def install(venv_dir: Path, extras: list[str]) -> None:
    python = venv_dir / "bin" / "python"
    if not python.exists():
        print(f"creating {venv_dir.name} with Python {sys.version.split()[0]} ({sys.executable})", flush=True)
        venv.create(venv_dir, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    target = "." + (f"[{','.join(extras)}]" if extras else "")
    print(f"installing {target} into {venv_dir.name}", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)


def ensure(venv_dir: Path, extras: list[str]) -> None:
    reason = why_rebuild(venv_dir)
    if reason:
        print(f"rebuilding {venv_dir.name}: {reason}", flush=True)
        shutil.rmtree(venv_dir)
    record = read_record(venv_dir)
    installed = set(record.get("extras", []))
    if record.get("pyproject") == pyproject_digest() and set(extras) <= installed:
        return
    wanted = installed | set(extras)
    (venv_dir / RECORD_NAME).unlink(missing_ok=True)
    install(venv_dir, sorted(wanted))
    record = {"python": this_identity(), "extras": sorted(wanted), "pyproject": pyproject_digest()}
    (venv_dir / RECORD_NAME).write_text(json.dumps(record, indent=1) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv"))
    parser.add_argument("--extra", action="append", default=[], help="an optional-dependency group (test, bench)")
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11) or sys.version_info >= (3, 14):
        sys.exit(f"Boundary Lab needs Python 3.11–3.13; {sys.executable} is {sys.version.split()[0]} (PYTHON=… picks)")
    ensure(Path(args.venv), args.extra)


if __name__ == "__main__":
    main()
