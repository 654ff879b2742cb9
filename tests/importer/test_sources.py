"""Tests of the sources importer (manifest → docs/fontes/ and the review notes)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tocha.importer import sources
from tocha.importer.base import ConversionError, Page
from tocha.importer.markdown import NOT_RUN_TITLE

MANIFEST = REPO / "sources.yml"
SOURCES = REPO / "sources"
DOCS = REPO / "docs"
SLUGS = {
    "000_81e574fc5bfc50d0.txt": "nota-zim-pytorch",
    "001_7bdf0ced8d32fbf8.txt": "readme-pytorch-traduzido",
    "002_d43d870e7933037c.txt": "about-pytorch",
    "003_54b2f311b00647a8.txt": "ficha-pytorch",
    "004_385fd0f5a4b8ebd4.txt": "ibm-o-que-e-pytorch",
}


@pytest.fixture(scope="module")
def manifest() -> list[sources.SourceEntry]:
    return sources.load_manifest(MANIFEST)


@pytest.fixture(scope="module")
def result() -> sources.ImportResult:
    return sources.build(MANIFEST, SOURCES)


def source_pages(result: sources.ImportResult, manifest: list[sources.SourceEntry]) -> list[tuple[sources.SourceEntry, str]]:
    """Each source, with the text of its page."""
    assert {source.page for source in manifest} <= set(result.files)
    return [(source, result.files[source.page]) for source in manifest]


def test_manifest_lists_every_source_with_the_agreed_slug(manifest: list[sources.SourceEntry]) -> None:
    assert {s.file: s.slug for s in manifest} == SLUGS
    assert sorted(p.name for p in SOURCES.glob("*.txt")) == sorted(SLUGS)
    dates = {s.file: s.date for s in manifest}
    assert dates["000_81e574fc5bfc50d0.txt"] == "2024-01-18"
    assert dates["003_54b2f311b00647a8.txt"] == "2025-01-15"
    undated = ("001_7bdf0ced8d32fbf8.txt", "002_d43d870e7933037c.txt", "004_385fd0f5a4b8ebd4.txt")
    assert all(dates[name] is None for name in undated)


def test_known_errors_of_the_sources_readme_are_covered(manifest: list[sources.SourceEntry]) -> None:
    quotes = {c.id: c.quote for s in manifest for c in s.corrections}
    for needle in (
        "MyModel()",
        "{input_data}",
        "optim.Adam(model.fc.parameters()",
        "add_module('dropout'",
        "pretrained=pretrained",
        "torch.cuda.amp",
        "CUDA 11.8",
        "Python 3.8",
        "NVIDIA only",
        "TorchText",
        "torchtext",
        "Gluon API",  # the MXNet row
        "o Python tornou-se código aberto em 2017",
        "Uso alto de memória GPU",
        "memória e velocidade",
        "def tensor_operations():",
        "torch.load('model.pth')",
    ):
        assert any(needle in quote for quote in quotes.values()), needle


def test_every_correction_quote_is_found_in_its_converted_page(manifest: list[sources.SourceEntry]) -> None:
    checked = 0
    for source in manifest:
        page = sources.convert_entry(source, SOURCES)
        for correction in source.corrections:
            assert correction.quote in page.body, (source.file, correction.id)
            checked += 1
    assert checked >= 25


def test_zim_source_is_converted_by_the_zim_converter(manifest: list[sources.SourceEntry]) -> None:
    page = sources.convert_entry(manifest[0], SOURCES)
    assert page.meta["format"] == "zim" and "TorchText para processamento de texto" in page.body


def test_markdown_source_without_heading_gets_the_manifest_title(manifest: list[sources.SourceEntry]) -> None:
    readme = next(source for source in manifest if source.format == "markdown" and "README" in source.title)
    assert sources.convert_entry(readme, SOURCES).title == readme.title


def test_each_correction_is_a_warning_right_after_its_block(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    for source, text in source_pages(result, manifest):
        for correction in source.corrections:
            link = f"(../notas-de-revisao.md#{correction.id})"
            assert text.count(link) == 1, correction.id
            before = text[: text.index(link)]
            # the block before the group of warnings this one belongs to
            preceding = _TRAILING_WARNING.sub("", before)
            block = preceding.rsplit("\n\n", 1)[-1]
            if block.endswith("```"):
                block = _code_block_ending(preceding)
            assert correction.quote in block, correction.id


_TRAILING_WARNING = re.compile(r'(?:\s*!!! warning "Correção"\n[^\n]*(?:\n|$))+$|\s*!!! warning "Correção"\n\s*$')


def _code_block_ending(text: str) -> str:
    """The fenced block that ends right before ``text`` ends."""
    return text[text.rindex("\n```", 0, len(text) - 3) :]


def test_warnings_inside_lists_keep_the_list_whole(result: sources.ImportResult) -> None:
    text = result.files["fontes/ficha-pytorch.md"]
    assert "- ⚠️ Requer CUDA para GPU (NVIDIA only)\n\n    !!! warning \"Correção\"\n        " in text
    assert "| Keras | API mais simples, menos flexibilidade |\n\n!!! warning" in text  # after the table


def test_source_pages_front_matter_notice_and_code_titles(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    for source, text in source_pages(result, manifest):
        front, body = _split(text)
        assert front["title"] == source.title and front["source_file"] == source.file
        assert front["format"] == source.format and front["language"] == source.language
        assert front.get("date") == source.date
        assert body.startswith(f"# {source.title}\n\n!!! info \"Fonte importada\"\n")
        for fence in re.findall(r"^\s*```python.*$", body, flags=re.MULTILINE):
            assert f'title="{NOT_RUN_TITLE}"' in fence
    card = _split(result.files["fontes/ficha-pytorch.md"])[1]
    original = (SOURCES / "003_54b2f311b00647a8.txt").read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", original, flags=re.DOTALL):
        assert f'```python title="{NOT_RUN_TITLE}"\n{block}```' in card


def test_review_notes_have_one_section_per_correction(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    notes = result.files["notas-de-revisao.md"]
    front, body = _split(notes)
    assert front["title"] == "Notas de revisão" and body.startswith("# Notas de revisão\n")
    for source in manifest:
        for correction in source.corrections:
            section = body.split(f"{{ #{correction.id} }}", 1)[1].split("\n### ", 1)[0]
            assert f"]({source.page})" in section
            assert correction.quote in section
            assert " ".join(correction.correction.split()) in section
            assert " ".join(correction.reason.split()) in section


def test_index_lists_every_source(result: sources.ImportResult, manifest: list[sources.SourceEntry]) -> None:
    index = result.files["fontes/index.md"]
    for source in manifest:
        assert source.title in index and " ".join(source.description.split()) in index
    assert "2025-01-15" in index and "2024-01-18" in index


def test_committed_pages_equal_a_fresh_import(tmp_path: Path) -> None:
    result = sources.import_sources(MANIFEST, SOURCES, tmp_path)
    for name in result.files:
        stale = f"docs/{name} is stale: run `tocha import sources` (make import-sources)"
        assert (DOCS / name).read_bytes() == (tmp_path / name).read_bytes(), stale
    committed = {p.relative_to(DOCS).as_posix() for p in (DOCS / "fontes").glob("*.md")}
    assert committed == {n for n in result.files if n.startswith("fontes/")}


def test_running_twice_gives_identical_bytes(tmp_path: Path) -> None:
    sources.import_sources(MANIFEST, SOURCES, tmp_path)
    first = {p: p.read_bytes() for p in tmp_path.rglob("*.md")}
    sources.import_sources(MANIFEST, SOURCES, tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.md")} == first and first


def _broken_copy(tmp_path: Path, edit) -> tuple[Path, Path]:
    """Copy the sources and the manifest to tmp_path, then let ``edit`` break them."""
    src = tmp_path / "sources"
    shutil.copytree(SOURCES, src)
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    edit(data, src)
    manifest = tmp_path / "sources.yml"
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return manifest, src


def _break_quote(data: dict, src: Path) -> None:
    data["sources"][-1]["corrections"][0]["quote"] = "text that is in no source"


def _break_utf8(data: dict, src: Path) -> None:
    path = src / data["sources"][-1]["file"]
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"\n\xff\xfe broken\n")


@pytest.mark.parametrize("edit", [_break_quote, _break_utf8], ids=["missing-quote", "invalid-utf8"])
def test_a_failing_source_writes_nothing(tmp_path: Path, edit) -> None:
    manifest, src = _broken_copy(tmp_path, edit)
    docs = tmp_path / "docs"
    with pytest.raises(ConversionError) as error:
        sources.import_sources(manifest, src, docs)
    assert "004_385fd0f5a4b8ebd4.txt" in str(error.value)
    assert not docs.exists()


def test_invalid_utf8_error_has_the_line(tmp_path: Path) -> None:
    manifest, src = _broken_copy(tmp_path, _break_utf8)
    with pytest.raises(ConversionError) as error:
        sources.build(manifest, src)
    lines = (SOURCES / "004_385fd0f5a4b8ebd4.txt").read_bytes().count(b"\n")
    assert error.value.line == lines + 2


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["sources"][0].update(format="pdf"), "unknown format"),
        (lambda d: d["sources"][1].update(slug=d["sources"][0]["slug"]), "duplicate slug"),
        (lambda d: d["sources"][4]["corrections"].append(d["sources"][4]["corrections"][0]), "duplicate correction id"),
        (lambda d: d["sources"][3]["corrections"][0].update(id="Not_Kebab"), "kebab-case"),
        (lambda d: d["sources"][3]["corrections"][0].pop("reason"), "'reason'"),
        (lambda d: d["sources"][3].update(date="15/01/2025"), "YYYY-MM-DD"),
        (lambda d: d["sources"][3]["corrections"][0].update(see="https://example.org"), "'see' must be a page"),
    ],
)
def test_manifest_errors(tmp_path: Path, edit, message: str) -> None:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConversionError, match=re.escape(message)):
        sources.load_manifest(path)


def test_place_corrections_groups_warnings_of_one_block() -> None:
    source = sources.SourceEntry(
        file="f.txt", slug="f", title="F", format="plaintext", language="pt-BR", description="d",
        corrections=(
            sources.Correction("a-one", "A", "alpha", "Fix A.", "r"),
            sources.Correction("b-two", "B", "beta", "Fix B.", "r"),
        ),
    )
    body, in_code = sources.place_corrections("# F\n\nalpha and\nbeta here\n\nnext\n", source, Path("f.txt"))
    assert in_code == set()
    assert body == (
        "# F\n\nalpha and\nbeta here\n\n"
        '!!! warning "Correção"\n    Fix A. [Nota de revisão](../notas-de-revisao.md#a-one)\n\n'
        '!!! warning "Correção"\n    Fix B. [Nota de revisão](../notas-de-revisao.md#b-two)\n\nnext\n'
    )


def test_render_source_page_keeps_the_original_title() -> None:
    source = sources.SourceEntry(file="f.txt", slug="f", title="Novo", format="plaintext", language="en", description="d")
    text = sources.render_source_page(source, Page(title="Old", body="# Old\n\ntext\n"), "# Old\n\ntext\n")
    assert "**Título original:** Old" in text and "\n# Novo\n" in text and "# Old" not in text


def _split(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n\n", 1)
    return yaml.safe_load(front), body


def test_corrections_link_their_corrected_executed_version(result: sources.ImportResult) -> None:
    page = result.files["fontes/ficha-pytorch.md"]
    assert "[Versão corrigida e executada](../guias/templates.md#template-inferencia)" in page
    notes = result.files["notas-de-revisao.md"]
    assert "**Versão corrigida e executada:** [guias/rede-neural-simples.md](guias/rede-neural-simples.md)" in notes


def test_every_code_example_of_the_card_has_a_corrected_version(
    manifest: list[sources.SourceEntry], result: sources.ImportResult
) -> None:
    card = next(source for source in manifest if source.slug == "ficha-pytorch")
    code = [c for c in card.corrections if c.id in result.code_quotes]
    assert len(code) >= 8
    # The selection score function is about the card itself, not a PyTorch example.
    assert [c.id for c in code if not c.see and c.id != "ficha-score-sem-import"] == []


def test_sources_are_byte_for_byte_copies_of_the_shared_originals() -> None:
    shared = REPO.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("the shared sources folder is not beside this checkout")
    for name in SLUGS:
        assert (SOURCES / name).read_bytes() == (shared / name).read_bytes(), name
