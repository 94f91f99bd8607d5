"""The network between the workers and the Temporal server, which a test can cut one way.

A TCP relay on 127.0.0.1: while it holds, what the workers send waits here and the server
never hears it, while what the server sends still arrives. So a worker is handed a task (an
update) and does its work, and its answer ("task completed") is held back: the moment
between a worker doing something and the server recording it, made as long as the test
needs. `cut()` drops every connection with whatever was held, as a worker's death does.
"""

from __future__ import annotations

import asyncio
import contextlib


class Partition:
    def __init__(self, server: str) -> None:
        host, port = server.rsplit(":", 1)
        self._server = (host, int(port))
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._links: set[asyncio.Task[None]] = set()
        self._relay: asyncio.Server | None = None

    async def start(self) -> str:
        self._relay = await asyncio.start_server(self._link, "127.0.0.1", 0)
        port = self._relay.sockets[0].getsockname()[1]
        return f"127.0.0.1:{port}"

    def hold(self) -> None:
        self._flowing.clear()

    def release(self) -> None:
        self._flowing.set()

    def cut(self) -> None:
        for link in list(self._links):
            link.cancel()

    async def close(self) -> None:
        self.cut()
        if self._relay is not None:
            self._relay.close()
            await self._relay.wait_closed()

    async def _link(
        self, worker_in: asyncio.StreamReader, worker_out: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._links.add(task)
        try:
            server_in, server_out = await asyncio.open_connection(*self._server)
        except OSError:  # the server is down: the worker tries again, as it would
            worker_out.close()
            self._links.discard(task)
            return
        try:
            await asyncio.gather(
                self._pipe(worker_in, server_out, held=True),
                self._pipe(server_in, worker_out, held=False),
            )
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._links.discard(task)
            for writer in (server_out, worker_out):
                writer.close()

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, held: bool
    ) -> None:
        while data := await source.read(65536):
            if held:
                await self._flowing.wait()
            sink.write(data)
            await sink.drain()
        with contextlib.suppress(OSError):
            sink.write_eof()
