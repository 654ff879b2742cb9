"""Numbers written in a page's prose must be shown by the page (tocha.site.prose_numbers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.test_plugin import make_example_site
from tests.conftest import build_site
from tocha.site.prose_numbers import (
    NumbersError,
    check_page,
    code_texts,
    is_traced,
    prose_numbers,
    shown_numbers,
    version_keys,
)


def written(source: str, language: str = "pt-BR") -> list[tuple[int, str]]:
    return [(number.line, number.text) for number in prose_numbers(source, language)]


def test_prose_numbers_are_read_with_their_line_and_leave_out_code_names_and_markup() -> None:
    source = (
        "---\n"
        "title: 2024 e 0,93\n"
        "---\n"
        "A acurácia chega a 0,93 em 600 pontos, com 83 % de acerto.\n"
        "Rede `lr=0.001`, ResNet-18, CIFAR-10, float16, 32×32 e H100.\n"
        "```python\n"
        "print(12345)\n"
        "```\n"
        "Veja [a seção 42](outra.md#secao-77) { #id-99 } <span id='x-55'>aqui</span>.\n"
        "11. Um item de lista numerada, lançado em 2023, com 3 passos e a issue #138506.\n"
        "<!-- 777 fica de fora -->\n"
        "Entre 11 440 707 e 2.14.1, ~6e-8 e 1.000.\n"
    )
    assert written(source) == [
        (4, "0,93"),
        (4, "600"),
        (4, "83 %"),
        (5, "32"),
        (5, "32"),
        (9, "42"),
        (12, "11 440 707"),
        (12, "6e-8"),
        (12, "1.000"),
    ]


def test_readings_follow_the_language_of_the_prose() -> None:
    [pt_decimal, pt_thousands, pt_version] = prose_numbers("Perda 0,25, 1.000 e 2.5.\n", "pt-BR")
    assert pt_decimal.readings == (0.25,)
    assert pt_thousands.readings == (1.0, 1000.0), "1.000 in Portuguese: a thousand, or 1 written with a point"
    assert pt_version.dotted and pt_version.readings == (2.5,)
    [en_thousands, en_decimal] = prose_numbers("About 11,440,707 weights and a loss of 0.25.\n", "en")
    assert en_thousands.readings == (11440707.0,)
    assert en_decimal.readings == (0.25,) and en_decimal.decimals == (2,)


def test_shown_numbers_read_grouped_plain_and_scientific_values() -> None:
    shown = shown_numbers(["parâmetros: 11 179 077 no total, 2 565 treináveis", "1,234,567 e 6.1e-05; torch 2.14.1"])
    for value in (11179077.0, 2565.0, 1234567.0, 6.1e-05, 2.14):
        assert value in shown


@pytest.mark.parametrize(
    ("prose", "printed", "traced"),
    [
        ("0,93", "acurácia 0.9317", True),
        ("0,93", "acurácia 0.9361", False),
        ("83 %", "acurácia 0.8333", True),
        ("83 %", "acerto: 83.4%", True),
        ("83 %", "acurácia 0.8399", False),
        ("2 565", "2,565 treináveis", True),
        ("6e-8", "menor: 5.96e-08", True),
        ("6e-8", "menor: 6.1e-05", False),
        ("600", "X: (600, 2)", True),
        ("600", "X: (6000, 2)", False),
    ],
)
def test_a_prose_number_is_traced_by_a_shown_value_rounded_to_its_digits(prose: str, printed: str, traced: bool) -> None:
    [number] = prose_numbers(f"Valor: {prose}.\n", "pt-BR")
    assert is_traced(number, shown_numbers([printed])) is traced


def test_code_texts_are_fences_and_inline_code() -> None:
    source = "Texto com `epochs=100`.\n\n```python\nx = 250\n```\n\n- item\n\n    ```py\n    y = 3\n    ```\n"
    assert code_texts(source) == ["epochs=100", "x = 250", "    y = 3"]


def test_check_page_reports_untraced_and_stale_citations_and_takes_versions_from_the_portuguese_page() -> None:
    pt = "Treinada em 600 pontos, acurácia 0,93, desde o PyTorch 2.6; o CIFAR-10 tem 60 000 fotos.\n"
    meta = {"cited_numbers": {"60 000": "tamanho do CIFAR-10 (página dos autores)", "1234": "não está no texto"}}
    report = check_page(pt, "pt-BR", meta, ["X: (600, 2)", "acurácia 0.9281"], "guia.md")
    assert [(number.line, number.text) for number in report.untraced] == []
    assert report.unused == ("1234",)
    report = check_page(pt, "pt-BR", {}, ["X: (600, 2)"], "guia.md")
    assert [number.text for number in report.untraced] == ["0,93", "60 000"]

    en = "Trained on 600 points, accuracy 0.93, since PyTorch 2.6.\n"
    assert version_keys(pt, "pt-BR") == {"2.6"}
    report = check_page(en, "en", {}, ["X: (600, 2)", "accuracy 0.9281"], "guide.en.md", version_keys(pt, "pt-BR"))
    assert report.untraced == ()
    report = check_page(en, "en", {}, ["X: (600, 2)", "accuracy 0.9281"], "guide.en.md")
    assert [number.text for number in report.untraced] == ["2.6"], "without the Portuguese page, 2.6 is a decimal"


def test_a_block_whose_digits_vary_by_machine_traces_no_prose_number() -> None:
    prose = "A perda cai de 2,311 a 1,354 em dez passos, com lotes de 64.\n"
    stable = ["batch_size = 64\nfor passo in range(10): ...", "passo  1: perda 2.311"]
    report = check_page(prose, "pt-BR", {}, stable, "guia.md", machine_texts=["passo 10: perda 1.354"])
    assert [number.text for number in report.untraced] == ["1,354"]
    assert report.machine_digits == report.untraced
    # A number some other block or the code shows stays traced; one nothing shows is not the option's.
    report = check_page(prose, "pt-BR", {}, [*stable, "1.354"], "guia.md", machine_texts=["passo 10: perda 1.354"])
    assert report.untraced == () and report.machine_digits == ()
    report = check_page(prose, "pt-BR", {}, stable, "guia.md", machine_texts=["passo 10: perda 1.138"])
    assert [number.text for number in report.untraced] == ["1,354"] and report.machine_digits == ()


@pytest.mark.parametrize(
    ("cited", "message"),
    [
        (["2023"], "guia.md: cited_numbers must map each number to where it comes from"),
        ({"2023": ""}, "guia.md: cited_numbers: '2023' needs the reason it is cited"),
    ],
)
def test_malformed_citations_are_refused_naming_the_page(cited: object, message: str) -> None:
    with pytest.raises(NumbersError, match=message):
        check_page("Texto.\n", "pt-BR", {"cited_numbers": cited}, [], "guia.md")


# --- In a build ------------------------------------------------------------------------

MEAN_SNIPPET = "valores = [0.7, 0.8, 1.0]\nprint(f'média: {sum(valores) / len(valores):.4f}')\n"


def mean_page(prose: str, front_matter: str = "") -> str:
    block = '```python exec="on" source="above" result="text"\n--8<-- "demo/media.py"\n```\n'
    return f"{front_matter}# Média\n\n{block}\n{prose}\n"


def test_a_number_the_examples_do_not_print_fails_the_strict_build_naming_file_and_line(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path, mean_page("A média dá 0,83, e numa execução anterior deu 0,91."))
    (tmp_path / "snippets" / "demo" / "media.py").write_text(MEAN_SNIPPET, encoding="utf-8")
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "the prose writes" in line]
    assert warnings == [
        "WARNING -  page index.md, line 7: the prose writes 0,91, which no executed block of the page prints "
        "and its code does not show: print it from an example, or list it under cited_numbers in the front "
        "matter with where it comes from"
    ], result.stderr


def test_a_cited_number_passes_and_a_malformed_citation_stops_the_build(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    cited = '---\ncited_numbers:\n  "0,91": a média publicada pelo artigo original\n---\n'
    make_example_site(tmp_path / "cited", mean_page("A média dá 0,83; o artigo original relata 0,91.", cited))
    (tmp_path / "cited" / "snippets" / "demo" / "media.py").write_text(MEAN_SNIPPET, encoding="utf-8")
    result = build_site(tmp_path / "cited", python, build_env)
    assert result.returncode == 0, result.stderr

    malformed = "---\ncited_numbers: [0,91]\n---\n"
    make_example_site(tmp_path / "malformed", mean_page("O artigo relata 0,91.", malformed))
    (tmp_path / "malformed" / "snippets" / "demo" / "media.py").write_text(MEAN_SNIPPET, encoding="utf-8")
    result = build_site(tmp_path / "malformed", python, build_env)
    assert result.returncode == 1
    assert "index.md: cited_numbers must map each number to where it comes from" in result.stderr
    assert "Traceback" not in result.stderr


TRAINING_SNIPPET = "import torch\ntorch.manual_seed(0)\nprint(f'perda final: {torch.rand(1).item() + 1:.3f}')\n"


def training_site(root: Path, prose: str, digits: str = "machine") -> Path:
    """A one-page site whose block runs ``demo/treino.py`` with ``digits``, followed by ``prose``."""
    block = f'```python exec="on" source="above" result="text" digits="{digits}"\n--8<-- "demo/treino.py"\n```\n'
    make_example_site(root, f"# Treino\n\n{block}\n{prose}\n")
    (root / "snippets" / "demo" / "treino.py").write_text(TRAINING_SNIPPET, encoding="utf-8")
    return root


def test_a_block_marked_digits_machine_says_so_and_its_digits_may_not_be_cited(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    result = build_site(training_site(tmp_path / "plain", "A perda final fica entre 1 e 2."), python, build_env)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "plain" / "site" / "index.html").read_text(encoding="utf-8")
    stamps = re.findall(r'<p class="tocha-stamp">(.*?)</p>', html)
    assert len(stamps) == 1 and stamps[0].endswith(" · os dígitos mudam de um processador para outro"), stamps
    assert 'digits="' not in html, "the option is Tocha's own: it is not copied onto the shown code"
    printed = html.rsplit("perda final: ", 1)[1][:5]  # the output, after the shown code
    assert re.fullmatch(r"1\.\d{3}", printed), printed

    result = build_site(training_site(tmp_path / "cited", f"A perda final é {printed.replace('.', ',')}."), python, build_env)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "the prose writes" in line]
    assert warnings == [
        f"WARNING -  page index.md, line 7: the prose writes {printed.replace('.', ',')}, which only a block marked "
        'digits="machine" prints: on another processor it prints other digits, and this build would fail there; '
        "say what its output shows without citing those digits"
    ], result.stderr

    result = build_site(training_site(tmp_path / "wrong", "A perda cai.", digits="sim"), python, build_env)
    assert result.returncode == 1
    assert 'ERROR   -  page index.md: digits="sim": the only value is digits="machine", on a block' in result.stderr
    assert "Traceback" not in result.stderr
