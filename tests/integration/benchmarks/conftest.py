"""The benchmark scripts, imported as modules: scripts/ is not a package, and the scripts import each other by name."""

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
