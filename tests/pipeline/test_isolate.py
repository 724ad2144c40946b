import os
import time

import pytest

from zhengchai.isolate import ChildFailed, DeadlineExceeded, call_with_deadline


def _square(x):
    return x * x


def _hang(_):
    while True:
        time.sleep(0.05)


def _boom(_):
    raise ValueError("bad page")


def _die(_):
    os._exit(9)


def test_result_comes_back():
    assert call_with_deadline(_square, 7, seconds=30) == 49


def test_a_hang_is_stopped():
    with pytest.raises(DeadlineExceeded):
        call_with_deadline(_hang, None, seconds=0.5)


def test_an_exception_is_reported():
    with pytest.raises(ChildFailed, match="ValueError: bad page"):
        call_with_deadline(_boom, None, seconds=30)


def test_a_dying_child_is_reported():
    with pytest.raises(ChildFailed, match="exit status 9"):
        call_with_deadline(_die, None, seconds=30)
