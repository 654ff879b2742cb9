"""The build-time executor: ``tocha.build.runner``."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tocha.build.runner import PageExecutor, snippet_includes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def executor(project: Path):
    executor = PageExecutor(project, project / "snippets", timeout=10)
    yield executor
    executor.close()


def write_snippet(project: Path, name: str, code: str) -> str:
    (project / "snippets" / name).write_text(code, encoding="utf-8")
    return code


def test_snippet_includes_lists_paths_in_order() -> None:
    page = '```python exec="on"\n--8<-- "a/one.py"\n```\n\n  --8<-- "b/two.py:part"\n--8<-- notquoted\n'
    assert snippet_includes(page) == ["a/one.py", "b/two.py"]


def test_block_output_is_what_it_printed(project: Path, executor: PageExecutor) -> None:
    code = write_snippet(project, "demo/hello.py", 'print("olá", 6 * 7)\n')
    executor.start_page("guia.md", '--8<-- "demo/hello.py"')
    assert executor.run(code) == "olá 42\n"
    assert executor.runs[-1].snippets == ["snippets/demo/hello.py"]
    assert executor.runs[-1].ok


def test_block_runs_as_main_in_a_temporary_directory(project: Path, executor: PageExecutor) -> None:
    executor.start_page("p.md", "")
    output = executor.run('import os\nprint(__name__)\nopen("f.txt", "w").write("x")\nprint(os.getcwd())\n')
    name, cwd = output.split()
    assert name == "__main__"
    assert not cwd.startswith(str(project))
    assert not (project / "f.txt").exists()


def test_session_shares_globals_and_other_blocks_do_not(executor: PageExecutor) -> None:
    executor.start_page("p.md", "")
    executor.run("x = 41", session="s")
    assert executor.run("print(x + 1)", session="s") == "42\n"
    assert "NameError" in executor.run("print(x)")
    executor.start_page("q.md", "")
    assert "NameError" in executor.run("print(x)", session="s")


def test_failure_is_logged_with_page_and_snippet(project: Path, executor: PageExecutor, caplog) -> None:
    code = write_snippet(project, "demo/broken.py", 'raise RuntimeError("quebrou")\n')
    executor.start_page("conceitos/x.md", '--8<-- "demo/broken.py"')
    with caplog.at_level(logging.ERROR):
        output = executor.run(code)
    assert "RuntimeError: quebrou" in output
    assert 'File "snippets/demo/broken.py", line 1' in output
    message = caplog.records[-1].getMessage()
    assert "page conceitos/x.md" in message
    assert "snippet snippets/demo/broken.py" in message
    assert not executor.runs[-1].ok


def test_timeout_fails_the_block_naming_page_and_snippet(project: Path, executor: PageExecutor, caplog) -> None:
    code = write_snippet(project, "demo/slow.py", "while True:\n    pass\n")
    executor.timeout = 0.3
    executor.start_page("guias/lento.md", '--8<-- "demo/slow.py"')
    with caplog.at_level(logging.ERROR):
        output = executor.run(code)
    assert "BlockTimeoutError" in output
    message = caplog.records[-1].getMessage()
    assert "page guias/lento.md: snippet snippets/demo/slow.py failed" in message
    assert "time limit of 0.3 s" in message


def test_saved_figures_are_embedded_once(executor: PageExecutor) -> None:
    executor.start_page("p.md", "")
    executor.run('open("curva.svg", "w").write("<svg xmlns=\'http://www.w3.org/2000/svg\'/>")', session="s")
    html = executor.take_block_html()
    assert html.count("<figure") == 1
    assert 'src="data:image/svg+xml;base64,' in html
    executor.run("pass", session="s")
    assert "<figure" not in executor.take_block_html()


def test_block_from_a_section_names_its_snippet(project: Path, executor: PageExecutor, caplog) -> None:
    write_snippet(
        project,
        "demo/steps.py",
        "# --8<-- [start:define]\nx = 1\n# --8<-- [end:define]\n# --8<-- [start:use]\nprint(x / 0)\n# --8<-- [end:use]\n",
    )
    executor.start_page("p.md", '--8<-- "demo/steps.py:define"\n\n--8<-- "demo/steps.py:use"\n')
    assert executor.run("x = 1", session="s") == ""
    with caplog.at_level(logging.ERROR):
        assert "ZeroDivisionError" in executor.run("print(x / 0)", session="s")
    assert "snippet snippets/demo/steps.py" in caplog.records[-1].getMessage()


def test_sessions_do_not_see_each_others_random_state_or_print_options(executor: PageExecutor) -> None:
    draw = "import torch\nprint(torch.rand(1).item(), torch.tensor([1/3]))\n"
    executor.start_page("p.md", "")
    executor.run("import torch\ntorch.manual_seed(123)\ntorch.set_printoptions(precision=2)", session="a")
    alone = executor.run(draw, session="a")
    executor.start_page("p.md", "")
    executor.run("import torch\ntorch.manual_seed(123)\ntorch.set_printoptions(precision=2)", session="a")
    # Another session (and a plain block) in between reseed and change print options...
    executor.run("import torch\ntorch.manual_seed(7)\ntorch.rand(5)\ntorch.set_printoptions(precision=8)", session="b")
    executor.run("import torch\ntorch.rand(3)")
    # ...and session a still continues from its own state.
    assert executor.run(draw, session="a") == alone
    assert "0.33]" in alone


def test_unseeded_blocks_give_the_same_output_wherever_they_run(executor: PageExecutor) -> None:
    executor.start_page("p.md", "")
    first = executor.run("import torch, random\nprint(torch.rand(2), random.random())")
    executor.run("import torch\ntorch.manual_seed(99)\ntorch.rand(10)")
    assert executor.run("import torch, random\nprint(torch.rand(2), random.random())") == first
