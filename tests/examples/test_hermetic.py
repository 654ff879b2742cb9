"""The conditions examples run under: ``tocha.examples.hermetic``."""

from __future__ import annotations

import socket
import time
import warnings
from pathlib import Path

import pytest

from tocha.examples.hermetic import BlockTimeoutError, NetworkBlockedError, hermetic
from tocha.examples.runner import ExampleRunner


def test_working_directory_is_the_given_one_and_restored(tmp_path: Path) -> None:
    before = Path.cwd()
    with hermetic(tmp_path):
        Path("checkpoint.pth").write_text("x")
        assert Path.cwd() == tmp_path
    assert Path.cwd() == before
    assert (tmp_path / "checkpoint.pth").is_file()


def test_network_is_refused_but_loopback_is_not(tmp_path: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    with hermetic(tmp_path):
        with pytest.raises(NetworkBlockedError, match="without network"):
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
    server.close()


def test_deprecated_torch_api_is_an_error(tmp_path: Path) -> None:
    import torch

    with hermetic(tmp_path), pytest.raises(FutureWarning, match="deprecated"):
        torch.cuda.amp.GradScaler()


def test_deprecation_announced_as_user_warning_is_an_error(tmp_path: Path) -> None:
    with hermetic(tmp_path), pytest.raises(UserWarning):
        warnings.warn("The parameter 'pretrained' is deprecated since 0.13", UserWarning, stacklevel=1)
    with hermetic(tmp_path), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("an ordinary remark", UserWarning, stacklevel=1)
    assert len(caught) == 1


def test_time_limit_interrupts_the_example(tmp_path: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(BlockTimeoutError, match="0.2 s"), hermetic(tmp_path, timeout=0.2):
        while True:
            pass
    assert time.perf_counter() - start < 5


def test_figures_are_the_same_bytes_at_every_run(tmp_path: Path) -> None:
    code = "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 3, 2])\nfig.savefig('f.svg')\n"
    runner = ExampleRunner(tmp_path, time_limit=60)
    outputs = []
    for page in ("a.md", "b.md"):
        runner.start_page(page)
        outputs.append(runner.run_block(code).figures[0].data)
    runner.close()
    assert b"<dc:date>2023-11-14" in outputs[0], "the date comes from SOURCE_DATE_EPOCH, not the clock"
    assert outputs[0] == outputs[1]


def test_time_limit_gives_back_an_enclosing_timer(tmp_path: Path) -> None:
    import signal

    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with hermetic(tmp_path, timeout=5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
