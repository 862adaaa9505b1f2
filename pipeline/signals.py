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
