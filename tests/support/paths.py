"""Where things are: the repository, the fixture knowledge base and the locales it is written in."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE_KB = REPO / "tests" / "fixtures" / "kb"
LOCALES = ("en", "ru")
