"""Where the read-only public data extracts are: ``shared/data`` beside the checkout (CI lays a copy of
``shared/`` next to its clone), overridable with MON_ENFANT_SHARED_DATA."""

import os
from pathlib import Path

_BESIDE = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SHARED_DATA = Path(os.environ.get("MON_ENFANT_SHARED_DATA") or (_BESIDE if _BESIDE.is_dir() else "/work/shared/data"))
