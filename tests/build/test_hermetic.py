"""The conditions examples run under: ``tocha.build.hermetic``."""

from __future__ import annotations

import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest

from tocha.build.hermetic import BlockTimeoutError, NetworkBlockedError, hermetic, run_script


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


def test_run_script_runs_as_main(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text('if __name__ == "__main__":\n    open("ran.txt", "w").write(__file__)\n')
    workdir = tmp_path / "work"
    workdir.mkdir()
    run_script(script, workdir)
    assert (workdir / "ran.txt").read_text() == str(script)


def test_command_line_reports_failure(tmp_path: Path, python: str, example_env: dict[str, str]) -> None:
    script = tmp_path / "broken.py"
    script.write_text('raise ValueError("quebrado")\n')
    result = subprocess.run(
        [python, "-m", "tocha.build.hermetic", str(script)], cwd=tmp_path, env=example_env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ValueError: quebrado" in result.stderr


def test_figures_are_the_same_bytes_at_every_run(tmp_path: Path, python: str, example_env: dict[str, str]) -> None:
    script = tmp_path / "figure.py"
    script.write_text(
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 3, 2])\nfig.savefig('f.svg')\nprint('ok')\n"
    )
    outputs = []
    for run in ("a", "b"):
        workdir = tmp_path / run
        workdir.mkdir()
        subprocess.run([python, "-m", "tocha.build.hermetic", str(script)], cwd=workdir, env=example_env, check=True)
        outputs.append((workdir / "f.svg").read_bytes())
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
