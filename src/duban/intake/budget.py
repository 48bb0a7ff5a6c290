"""The time budget of reading one document: a deadline the readers check as they go, and, on
the main thread of a worker process, a timer that interrupts a step that never checks.

A reader calls ``check_time(path)`` once per row, page or paragraph; past the deadline it
raises IntakeError with a Chinese reason, so a file that is costly within the size limits ends
in a clean refusal instead of holding a worker for minutes.

The budget is CPU time (of the reading thread; the timer counts the process's), not wall
time: on a busy server an ordinary document may wait for the processor several times longer
than it computes, and must not be refused for that, while a costly file is still stopped
after the same amount of work.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar

from duban.intake import limits
from duban.intake.model import IntakeError

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("intake_deadline", default=None)


class TimeBudgetExceeded(BaseException):
    """Raised by the interval timer; turned into IntakeError by ``time_budget``. A
    BaseException, like KeyboardInterrupt, so that no library swallows it on the way."""


def over_time_message(seconds: float) -> str:
    return (f"文件解析超过时限（{seconds:g} 秒计算时间）仍未完成：内容过多或结构异常，"
            "请删除与任务无关的内容（多余的工作表、行列、页面）后重试")


def check_time(path: str) -> None:
    """Raise IntakeError when the current document's time budget is spent."""
    budget = _deadline.get()
    if budget is not None and time.thread_time() > budget[0]:
        raise IntakeError(path, over_time_message(budget[1]))


@contextlib.contextmanager
def time_budget(path: str, seconds: float | None = None) -> Iterator[None]:
    """Read (and extract) one document within ``seconds`` of CPU time
    (limits.DOCUMENT_SECONDS).

    Nested budgets keep the outer deadline. On the main thread (the task worker, the command
    line) a CPU-time timer also interrupts code between two checks.
    """
    seconds = limits.DOCUMENT_SECONDS if seconds is None else seconds
    outer = _deadline.get()
    if outer is not None:
        yield
        return
    token = _deadline.set((time.thread_time() + seconds, seconds))
    timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if timer:
        def interrupt(signum, frame):
            raise TimeBudgetExceeded

        previous = signal.signal(signal.SIGPROF, interrupt)
        # A little after the deadline: the cooperative checks give the better message.
        signal.setitimer(signal.ITIMER_PROF, seconds + 0.5)
    try:
        yield
    except TimeBudgetExceeded:
        raise IntakeError(path, over_time_message(seconds)) from None
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
        _deadline.reset(token)
