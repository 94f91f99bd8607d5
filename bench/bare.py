"""The status read's baselines served over HTTP (`bench.bare_reads`), each in a process of
its own with uvicorn's settings of `tangkal api` (uvloop, httptools, one worker).

    python -m bench.bare PORT DATABASE_URL same|pk
"""

from __future__ import annotations

import sys

import uvicorn

from bench.bare_reads import pk_app, same_work_app

if __name__ == "__main__":
    port, database_url, kind = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    path = database_url.split("///", 1)[1]
    app = same_work_app(path) if kind == "same" else pk_app(path)
    # As `tangkal api` runs (core/cli.py): access log on, the same loop and parser.
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="info",
        timeout_graceful_shutdown=10,
        loop="uvloop",
        http="httptools",
    )
