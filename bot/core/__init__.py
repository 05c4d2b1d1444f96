"""The answering core: the Engine, the intent registry, the composers and their wording.

It knows no front end and prints nothing; every front end goes through `Engine.answer`.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# the department a question that names none is about, when the knowledge base holds it
DEFAULT_DEPARTMENT = "长沙市12345政务热线中心"
