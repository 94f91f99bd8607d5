"""The heap a server process builds while it starts, kept out of the garbage collector's way.

A server imports everything it will ever run before it serves (FastAPI, SQLAlchemy, pydantic,
the Temporal SDK, the detection tables): hundreds of thousands of objects that live as long as
the process. Python's full collections walk all of them again and again while requests and
workflow tasks allocate; frozen once at the end of start-up (`gc.freeze`), they are left out of
every later pass, and what the process allocates afterwards is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collects what start-up left behind, then freezes what remains (call once, when the
    process is about to serve)."""
    gc.collect()
    gc.freeze()
