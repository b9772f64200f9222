"""python-telegram-bot's HTTP calls carried by aiohttp instead of httpx.

PTB lets an application bring its own `BaseRequest`. A fan-out of questions of the day is bound
by the bot's CPU, and PTB's HTTPXRequest (form fields through httpx, httpcore and anyio) costs
more CPU per message than aiohttp sending JSON (bench/telegram_request.py measures both).
aiohttp is here already for the web server. PTB still builds every request and turns every
answer (errors, 429s, flood waits) into its own types.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Enough for paced sends (one at a time, a few ms each) plus replies to taps and commands.
CONNECTIONS = 8


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        *,
        connections: int = CONNECTIONS,
        connect_timeout: float = 5.0,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        media_write_timeout: float = 20.0,
    ) -> None:
        self._connections = connections
        self._connect = connect_timeout
        self._read = read_timeout
        self._write = write_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, self._read)
        write = _given(write_timeout, self._media_write if files else self._write)
        connect = _given(connect_timeout, self._connect)
        pool = _given(pool_timeout, self._pool)
        # aiohttp has no write timeout of its own: a whole request gets write + read time.
        timeout = aiohttp.ClientTimeout(
            total=None if read is None or write is None else read + write + (connect or 0),
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        kwargs: dict = {}
        if request_data is not None:
            if files:
                kwargs["data"] = _multipart(request_data)
            else:
                kwargs["data"] = request_data.json_payload
                kwargs["headers"] = {"Content-Type": "application/json"}
        try:
            async with self._session.request(method, url, timeout=timeout, **kwargs) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _given(value: object, default: float) -> float | None:
    # PTB passes BaseRequest.DEFAULT_NONE for "not given"; None means "no timeout".
    return default if value is BaseRequest.DEFAULT_NONE else value  # type: ignore[return-value]


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, mimetype = part[0], part[1], part[2] if len(part) > 2 else None
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
