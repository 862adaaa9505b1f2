"""Stop signals: SIGTERM stops a run the way Ctrl-C does.

``with raise_on_sigterm():`` makes SIGTERM raise :class:`Terminated` in the main
process, wherever it is, so the run unwinds through the same clean-up as after
Ctrl-C (the temporary output folder is removed, the previous output stays). The
command line maps it to exit status 143 (128 + SIGTERM).
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived. A ``KeyboardInterrupt``, so code that cleans up after Ctrl-C
    cleans up after SIGTERM too; catch it before ``KeyboardInterrupt`` to tell them apart."""

    #: The exit status of a process stopped by SIGTERM.
    exit_status = 128 + signal.SIGTERM


class StoppedAfterWriting(KeyboardInterrupt):
    """Ctrl-C or SIGTERM arrived while the new output was being swapped in: the swap was
    finished first, so the new output is complete and in place."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.exit_status = 128 + signum


@contextmanager
def raise_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in this process.

    The previous handler is restored afterwards. Further SIGTERMs while the first one
    unwinds are ignored, so the clean-up finishes (SIGKILL still stops everything, and
    the next run cleans up). A child forked within the block (a worker) that has not
    installed its own handler dies of SIGTERM as if there were none: no exception, no
    traceback. Outside the main thread (where Python cannot set handlers) it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()
    raised = False

    def handler(signum, frame):
        nonlocal raised
        if os.getpid() != owner:  # inherited by a forked child: the default action
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if raised:
            return
        raised = True
        raise Terminated("terminated by SIGTERM")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextmanager
def deferred() -> Iterator[list[int]]:
    """Defer Ctrl-C and SIGTERM during a step that must not be cut (a fork, swapping the
    output in).

    Within the block, a stop signal is only recorded: the yielded list, after the
    block, holds the signals that arrived, and the previous handlers are back. The
    caller then stops *after* the step, and can say truthfully what was done. (Blocking
    the signals would not do: a signal sent to the process can be taken by any of its
    threads, such as Arrow's, and Python then runs the handler in the main thread at
    once.) A process forked within the block inherits the recording handlers until it
    sets its own. Outside the main thread it defers nothing.
    """
    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return

    def record(signum, frame):
        arrived.append(signum)

    previous = {signum: signal.signal(signum, record) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield arrived
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
