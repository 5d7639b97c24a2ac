"""Side-by-side speed measurements: our engine (in-process and through a real server) against PyTorch eager and a
hand-written numpy reference, on the same nets, data and hyperparameters. Run it with ``python -m bench``.

Never part of the test run: speed claims live here and in the README, not in timed tests.
"""
