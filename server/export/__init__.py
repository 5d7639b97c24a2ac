"""Export a run as code: a standalone plain-JAX script (script.py) or the same code as a notebook (notebook.py)."""
