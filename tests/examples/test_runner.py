"""The examples' runner, at build and in tests: ``tocha.examples.runner``."""

from __future__ import annotations

import io
import logging
import os
import tempfile
import subprocess
from pathlib import Path

import pytest

from tocha.examples.cache import ExecutionCache
from tocha.examples.runner import ExampleRunner
from tocha.examples.snippets import SnippetLayoutError

#: A snippet in two sections, as a guide page shows it: one block per section, one session.
STEPS = (
    "# --8<-- [start:define]\n"
    "import random, sys\n"
    "random.seed(3)\n"
    "x = random.randint(1, 100)\n"
    "print('x =', x, 'main' if __name__ == '__main__' else __name__)\n"
    "# --8<-- [end:define]\n"
    "\n"
    "# --8<-- [start:use]\n"
    "open('saida.txt', 'w').write(str(x))\n"
    "print('x + 1 =', x + 1, sys.argv[0].endswith('steps.py'))\n"
    "# --8<-- [end:use]\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def runner(project: Path):
    cache = ExecutionCache(project / "cache")
    runner = ExampleRunner(project, time_limit=10, cache=cache, snippet_options={"base_path": [str(project / "snippets")]})
    yield runner
    runner.close()


def write_snippet(project: Path, name: str, code: str) -> Path:
    path = project / "snippets" / name
    path.write_text(code, encoding="utf-8")
    return path


def test_block_output_is_what_it_printed(project: Path, runner: ExampleRunner) -> None:
    path = write_snippet(project, "demo/hello.py", 'print("olá", 6 * 7)\n')
    runner.start_page("guia.md")
    result = runner.run_block(path.read_text(), [path])
    assert result.output == "olá 42\n"
    assert result.run.snippets == ["snippets/demo/hello.py"]
    assert result.run.ok and result.run.page == "guia.md"


def test_block_runs_as_main_in_a_temporary_directory(project: Path, runner: ExampleRunner) -> None:
    runner.start_page("p.md")
    output = runner.run_block('import os\nprint(__name__)\nopen("f.txt", "w").write("x")\nprint(os.getcwd())\n').output
    name, cwd = output.split()
    assert name == "__main__"
    assert not cwd.startswith(str(project))
    assert not (project / "f.txt").exists()


def test_session_shares_globals_and_other_blocks_do_not(runner: ExampleRunner) -> None:
    runner.start_page("p.md")
    runner.run_block("x = 41", session="s")
    assert runner.run_block("print(x + 1)", session="s").output == "42\n"
    assert "NameError" in runner.run_block("print(x)").output
    runner.start_page("q.md")
    assert "NameError" in runner.run_block("print(x)", session="s").output


def test_failure_is_logged_with_page_and_snippet(project: Path, runner: ExampleRunner, caplog) -> None:
    path = write_snippet(project, "demo/broken.py", 'raise RuntimeError("quebrou")\n')
    runner.start_page("conceitos/x.md")
    with caplog.at_level(logging.ERROR):
        result = runner.run_block(path.read_text(), [path])
    assert "RuntimeError: quebrou" in result.output
    assert 'File "snippets/demo/broken.py", line 1' in result.output
    message = caplog.records[-1].getMessage()
    assert message.startswith("page conceitos/x.md: snippet snippets/demo/broken.py failed: RuntimeError: quebrou")
    assert not result.run.ok


def test_timeout_fails_the_block_naming_page_and_snippet(project: Path, runner: ExampleRunner, caplog) -> None:
    path = write_snippet(project, "demo/slow.py", "while True:\n    pass\n")
    runner.time_limit = 0.3
    runner.start_page("guias/lento.md")
    with caplog.at_level(logging.ERROR):
        result = runner.run_block(path.read_text(), [path])
    assert "BlockTimeoutError" in result.output
    message = caplog.records[-1].getMessage()
    assert "page guias/lento.md: snippet snippets/demo/slow.py failed" in message
    assert "time limit of 0.3 s" in message


def test_saved_figures_travel_with_their_block_once(runner: ExampleRunner) -> None:
    runner.start_page("p.md")
    first = runner.run_block('open("curva.svg", "w").write("<svg xmlns=\'http://www.w3.org/2000/svg\'/>")', session="s")
    assert [(figure.name, figure.mime) for figure in first.figures] == [("curva.svg", "image/svg+xml")]
    assert runner.run_block("pass", session="s").figures == []


def test_example_steps_run_as_python_runs_the_file(project: Path, runner: ExampleRunner, python: str) -> None:
    path = write_snippet(project, "demo/steps.py", STEPS)
    results = runner.run_example(path)
    assert [result.run.session for result in results] == ["example", "example"]
    workdir = project / "work"
    workdir.mkdir()
    direct = subprocess.run([python, str(path)], cwd=workdir, capture_output=True, text=True, check=True)
    assert "".join(result.output for result in results) == direct.stdout
    assert direct.stdout.splitlines()[0].endswith(" main") and direct.stdout.endswith("True\n")


def test_a_page_showing_the_sections_reuses_the_example_run(project: Path, runner: ExampleRunner) -> None:
    path = write_snippet(project, "demo/steps.py", STEPS)
    example = runner.run_example(path)
    runner.start_page("guias/passos.md")
    # What pymdownx.snippets inserts for each section; superfences may drop the last newline.
    define = "import random, sys\nrandom.seed(3)\nx = random.randint(1, 100)\nprint('x =', x, 'main' if __name__ == '__main__' else __name__)"
    use = "open('saida.txt', 'w').write(str(x))\nprint('x + 1 =', x + 1, sys.argv[0].endswith('steps.py'))\n"
    page = [runner.run_block(define, [path], session="passos"), runner.run_block(use, [path], session="passos")]
    assert [result.run.cached for result in page] == [True, True]
    assert [result.output for result in page] == [result.output for result in example]


def test_code_outside_every_section_is_refused(project: Path, runner: ExampleRunner) -> None:
    path = write_snippet(project, "demo/loose.py", STEPS + "print('solto')\n")
    with pytest.raises(SnippetLayoutError, match=r"loose\.py:12: code outside every section"):
        runner.run_example(path)


def test_block_from_a_section_names_its_snippet(project: Path, runner: ExampleRunner, caplog) -> None:
    path = write_snippet(project, "demo/steps.py", STEPS.replace("x + 1", "x / 0"))
    runner.start_page("p.md")
    with caplog.at_level(logging.ERROR):
        results = runner.run_example(path)
    assert [result.run.ok for result in results] == [True, False]
    assert "ZeroDivisionError" in results[-1].output
    assert caplog.records[-1].getMessage().startswith("snippet snippets/demo/steps.py failed")


def test_sessions_do_not_see_each_others_random_state_or_print_options(runner: ExampleRunner) -> None:
    draw = "import torch\nprint(torch.rand(1).item(), torch.tensor([1/3]))\n"
    setup = "import torch\ntorch.manual_seed(123)\ntorch.set_printoptions(precision=2)"
    runner.cache = None
    runner.start_page("p.md")
    runner.run_block(setup, session="a")
    alone = runner.run_block(draw, session="a").output
    runner.start_page("p.md")
    runner.run_block(setup, session="a")
    # Another session (and a plain block) in between reseed and change print options...
    runner.run_block("import torch\ntorch.manual_seed(7)\ntorch.rand(5)\ntorch.set_printoptions(precision=8)", session="b")
    runner.run_block("import torch\ntorch.rand(3)")
    # ...and session a still continues from its own state.
    assert runner.run_block(draw, session="a").output == alone
    assert "0.33]" in alone


def test_unseeded_blocks_give_the_same_output_wherever_they_run(runner: ExampleRunner) -> None:
    runner.cache = None
    runner.start_page("p.md")
    first = runner.run_block("import torch, random\nprint(torch.rand(2), random.random())").output
    runner.run_block("import torch\ntorch.manual_seed(99)\ntorch.rand(10)")
    assert runner.run_block("import torch, random\nprint(torch.rand(2), random.random())").output == first


#: Every process-wide switch an example may flip, printed as the next example finds it.
GLOBAL_STATE = (
    "import os, tempfile, torch\n"
    "print(torch.is_grad_enabled(), torch.is_anomaly_enabled(), torch.are_deterministic_algorithms_enabled(),\n"
    "      torch.get_default_dtype(), torch.get_default_device(), torch.get_float32_matmul_precision(),\n"
    "      torch.backends.cudnn.benchmark, torch.get_num_threads(), os.environ.get('CUBLAS_WORKSPACE_CONFIG'))\n"
)
#: An example that changes all of them, and would leak into the next one without isolation.
CHANGE_EVERYTHING = (
    "import os, torch\n"
    "torch.set_grad_enabled(False)\n"
    "torch.autograd.set_detect_anomaly(True)\n"
    "os.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'\n"
    "torch.use_deterministic_algorithms(True)\n"
    "torch.set_default_dtype(torch.float64)\n"
    "torch.set_default_device('meta')\n"
    "torch.set_float32_matmul_precision('medium')\n"
    "torch.backends.cudnn.benchmark = True\n"
    "torch.set_num_threads(3)\n"
)


def test_no_process_wide_switch_leaks_into_the_next_example(runner: ExampleRunner) -> None:
    runner.cache = None
    runner.start_page("p.md")
    fresh = runner.run_block(GLOBAL_STATE).output
    assert fresh.startswith("True False False torch.float32 cpu highest False 1 None"), fresh
    runner.run_block(CHANGE_EVERYTHING, session="changes")
    assert runner.run_block(GLOBAL_STATE).output == fresh
    # The session that changed them still finds its own changes in its next block.
    continued = runner.run_block(GLOBAL_STATE, session="changes").output
    assert continued.startswith("False True True torch.float64 meta medium True 3 :4096:8"), continued
    runner.start_page("q.md")
    assert runner.run_block(GLOBAL_STATE).output == fresh


def test_home_temporary_and_cache_folders_are_the_examples_own(runner: ExampleRunner, tmp_path: Path) -> None:
    code = (
        "import os, pathlib, tempfile\n"
        "home = pathlib.Path.home()\n"
        "(home / '.cache' / 'lib').mkdir(parents=True)\n"
        "tempfile.NamedTemporaryFile(delete=False).write(b'x')\n"
        "print(home == pathlib.Path.cwd(), tempfile.gettempdir() == os.getcwd(), os.environ['TORCH_HOME'] == os.getcwd())\n"
    )
    runner.cache = None
    runner.start_page("p.md")
    home_before, temp_before = os.environ.get("HOME"), tempfile.gettempdir()
    assert runner.run_block(code).output == "True True True\n"
    assert os.environ.get("HOME") == home_before and tempfile.gettempdir() == temp_before


NOISY = """
import logging, os, subprocess, sys, warnings
print("saída")
print("um aviso", file=sys.stderr)
warnings.warn("cuidado")
os.write(2, b"de uma biblioteca C++\\n")
os.write(1, b"pelo descritor 1\\n")
subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('de um filho\\\\n')"], check=True)
handler = logging.StreamHandler()  # made during the block: it holds this block's sys.stderr
logging.getLogger("tocha-test-noisy").addHandler(handler)
"""


def test_what_a_block_writes_to_stderr_is_kept_with_it_and_never_reaches_the_log(
    runner: ExampleRunner, capfd: pytest.CaptureFixture
) -> None:
    result = runner.run_block(NOISY)
    assert result.run.ok, result.output
    assert result.output == "saída\n"
    lines = result.stderr.splitlines()
    assert lines[0] == "um aviso"
    assert any(line.endswith("UserWarning: cuidado") for line in lines), lines
    assert {"de uma biblioteca C++", "pelo descritor 1", "de um filho"} <= set(lines), lines
    outside = capfd.readouterr()
    assert "aviso" not in outside.err and "filho" not in outside.err and "descritor" not in outside.out
    # A handler made inside a block writes where descriptor 2 points later: the next block's capture.
    later = runner.run_block('import logging\nlogging.getLogger("tocha-test-noisy").warning("depois")')
    logging.getLogger("tocha-test-noisy").handlers.clear()
    assert later.stderr == "depois\n"
    assert runner.run_block(NOISY).stderr == result.stderr, "the cache keeps a block's stderr"


def test_an_example_logs_as_in_a_new_process_whatever_the_host_s_logging(runner: ExampleRunner) -> None:
    """``tocha examples run`` logs at INFO; a library's INFO line must not become the block's stderr there only."""
    root = logging.getLogger()
    host = logging.StreamHandler(io.StringIO())
    previous = root.level
    root.addHandler(host)
    root.setLevel(logging.INFO)
    try:
        runner.start_page("guia.md")
        code = 'import logging\nlogging.getLogger("lib").info("fonts rebuilt")\nlogging.getLogger("lib").warning("careful")\nprint("ok")\n'
        result = runner.run_block(code)
        assert (result.output, result.stderr) == ("ok\n", "careful\n")
        assert root.handlers[-1] is host and root.level == logging.INFO, "the host's logging is back"
        assert host.stream.getvalue() == ""
    finally:
        root.removeHandler(host)
        root.setLevel(previous)


def test_the_variables_set_for_every_example_are_part_of_its_cache_key(project: Path) -> None:
    # They change printed digits (mkdocs.yml caps the processor's instructions through them):
    # a result made under other variables is not reused.
    saved = dict(os.environ)
    code = "import os\nprint(os.environ.get('ATEN_CPU_CAPABILITY'))"
    cache = ExecutionCache(project / "cache")
    try:
        outputs = []
        for capability, expect_cached in (("avx2", False), ("avx2", True), ("default", False)):
            runner = ExampleRunner(project, time_limit=10, cache=cache, environment={"ATEN_CPU_CAPABILITY": capability})
            runner.start_page("guia.md")
            result = runner.run_block(code, [])
            runner.close()
            assert result.run.cached is expect_cached, capability
            outputs.append(result.output)
        assert outputs == ["avx2\n", "avx2\n", "default\n"]
    finally:
        os.environ.clear()
        os.environ.update(saved)
