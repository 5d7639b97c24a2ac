"""The client must import on a machine without JAX (a notebook talking to a lab elsewhere)."""

import subprocess
import sys
import textwrap

BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"jax", "jaxlib", "optax", "server", "models", "fastapi"}:
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Refuse())
    """
)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKER + code], capture_output=True, text=True, timeout=120)


def test_client_imports_without_jax_or_the_server():
    done = _run(
        "import boundary_lab, boundary_lab.sweep, boundary_lab.show, boundary_lab.sse\n"
        "assert 'jax' not in sys.modules and 'server' not in sys.modules\n"
        "print(boundary_lab.connect('http://127.0.0.1:9').url)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "http://127.0.0.1:9"


def test_the_blocker_really_blocks():
    """Guard for the test above: with the hook installed, importing JAX must fail."""
    done = _run("import jax")
    assert done.returncode != 0 and "blocked: jax" in done.stderr
