"""Loaded with `-p` before Django's settings, so that every pytest run has its own local state.

Each run gets a fresh MARIOHR_VAR_DIR: its own SQLite test database file and its own filesystem
broker folder, shared with the Celery workers the tests start (they inherit the environment),
and never with a `make run` on the same machine. Its static folder is there, empty, as after a
collectstatic, so that WhiteNoise does not warn about a missing one in every test.
"""

import os
import tempfile

if "MARIOHR_VAR_DIR" not in os.environ:
    os.environ["MARIOHR_VAR_DIR"] = tempfile.mkdtemp(prefix="mariohr-test-")
    os.mkdir(os.path.join(os.environ["MARIOHR_VAR_DIR"], "static"))
    import atexit
    import shutil

    atexit.register(shutil.rmtree, os.environ["MARIOHR_VAR_DIR"], ignore_errors=True)
