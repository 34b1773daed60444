"""The benchmark scripts, imported as modules: scripts/ is not a package, and the scripts import each other by name.

Each script sets environment defaults for its own process (DEBUG off, a secret key, ...) before Django starts.
Here Django has started already, so they would change nothing in this process, but every test process collects
this folder and later tests start subprocesses with its environment: the scripts are imported here, once, and
the environment put back as it was."""

import importlib
import os
import sys
from pathlib import Path
from unittest import mock

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

with mock.patch.dict(os.environ):
    for script in ("bench_figures", "bench_dashboard", "bench_pages", "bench_exports", "bench_hostile_files", "bench"):
        importlib.import_module(script)
