"""What the client knows about whether a call may have reached the server.

A bulk job must report each item truthfully: SUCCEEDED only when the server confirmed it,
FAILED only when the server certainly did not apply it, NOT_SENT when no request could have
reached the server, UNKNOWN otherwise. Only the request loop (``AsyncWebWork._request``) knows
which of its attempts left the process and how each ended, so it writes that down here, on the
:class:`CallTrace` of the current task or thread, and the bulk job reads it when the call ends,
whether it returned, raised or was cancelled.

A context variable rather than an argument: the trace must cross the public resource method
(``tasks.assign``) that sits between the bulk job and the request loop, without changing its
signature. Each asyncio/trio task and each worker thread has its own context, so concurrent
calls never share a trace.
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["CallTrace", "current_trace"]


class CallTrace:
    """The delivery record of one call, across its retries.

    ``in_flight``: an attempt was handed to the transport and no answer has settled it yet
    (still true if the call is cancelled or interrupted while waiting for that answer).
    ``uncertain``: an earlier attempt ended without an answer that settles it (the connection
    failed after the request may have been written, the read timed out, or a 5xx came back),
    so the server may have applied it.
    ``attempts``: how many attempts were handed to the transport (counted each time
    ``in_flight`` is set), so that an error raised by the client itself can be told apart:
    with no attempt it happened before anything could leave the process.
    """

    __slots__ = ("_in_flight", "attempts", "uncertain")

    def __init__(self) -> None:
        self._in_flight = False
        self.uncertain = False
        self.attempts = 0

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    @in_flight.setter
    def in_flight(self, value: bool) -> None:
        if value and not self._in_flight:
            self.attempts += 1
        self._in_flight = value

    def may_have_applied(self) -> bool:
        """True when some attempt may have reached the server and no answer settled it."""
        return self._in_flight or self.uncertain

    def __repr__(self) -> str:
        return (
            f"CallTrace(in_flight={self._in_flight}, uncertain={self.uncertain}, "
            f"attempts={self.attempts})"
        )


current_trace: ContextVar[CallTrace | None] = ContextVar("webwork_call_trace", default=None)
"""The trace of the call running in this task or thread; None when nobody is tracing."""
