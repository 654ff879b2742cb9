"""Tests of the sources importer (manifest → docs/fontes/ and the review notes)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tocha.site.editions import headings
from tocha.importer import sources
from tocha.importer.base import ConversionError, Page
from tocha.importer.files import FORMATS
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
    pt_pages = [f"fontes/{slug}.md" for slug in SLUGS.values()] + ["fontes/index.md", "notas-de-revisao.md"]
    english = [name.removesuffix(".md") + ".en.md" for name in pt_pages]
    assert sorted(result.files) == sorted(pt_pages + english)  # both editions of every page
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


# English edition


def english(name: str) -> str:
    """The English edition's path of a pt-BR page (``a/b.md`` → ``a/b.en.md``)."""
    return name.removesuffix(".md") + ".en.md"


def test_every_edition_has_its_own_words() -> None:
    assert set(sources.LABELS) == set(sources.EDITIONS) and sources.EDITIONS[0] == sources.DEFAULT_LOCALE
    main = sources.LABELS[sources.DEFAULT_LOCALE]
    for labels in sources.LABELS.values():
        assert labels.formats.keys() == labels.changes.keys() == set(FORMATS)
        assert labels.languages.keys() == main.languages.keys()
        assert labels.date_kinds.keys() == main.date_kinds.keys()
        assert len(labels.index_columns) == len(main.index_columns)


def test_manifest_has_the_english_texts_of_every_entry(manifest: list[sources.SourceEntry]) -> None:
    for source in manifest:
        texts = source.texts("en")
        assert texts.title != source.title and texts.description != source.description
        # 2 to 4 sentences (no abbreviations with a dot in the summaries)
        assert 2 <= len(re.findall(r"[.!?](?:\s|$)", " ".join(texts.summary.split()))) <= 4, source.slug
        for correction in source.corrections:
            assert correction.texts("en") != correction.texts("pt-BR"), correction.id


def _drop(key: str, where: tuple) -> Callable[[dict], None]:
    """An edit of the manifest data that removes ``key`` from a source or a correction."""

    def edit(data: dict) -> None:
        entry = data["sources"][where[0]]
        if len(where) == 2:
            entry = entry["corrections"][where[1]]
        entry.pop(key)

    return edit


@pytest.mark.parametrize(
    ("key", "where", "entry"),
    [
        ("title_en", (0,), "source 000_81e574fc5bfc50d0.txt"),
        ("description_en", (2,), "source 002_d43d870e7933037c.txt"),
        ("summary_en", (4,), "source 004_385fd0f5a4b8ebd4.txt"),
        ("title_en", (3, 0), "source 003_54b2f311b00647a8.txt, correction ficha-torchtext"),
        ("correction_en", (1, 1), "source 001_7bdf0ced8d32fbf8.txt, correction readme-frameworks-estaticos"),
        ("reason_en", (4, 2), "source 004_385fd0f5a4b8ebd4.txt, correction ibm-dataloader"),
    ],
)
def test_missing_english_field_is_a_clear_error(tmp_path: Path, key: str, where: tuple, entry: str) -> None:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    _drop(key, where)(data)
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConversionError) as error:
        sources.build(path, SOURCES)
    assert str(error.value) == f"{path}: {entry}: missing or empty field {key!r}"


def test_an_entry_without_english_texts_cannot_be_rendered_in_english() -> None:
    source = sources.SourceEntry(file="f.txt", slug="f", title="F", format="plaintext", language="pt-BR", description="d")
    assert source.texts("pt-BR") == sources.SourceTexts("F", "d")
    with pytest.raises(ValueError, match="source f.txt has no English texts"):
        source.texts("en")
    with pytest.raises(ValueError, match="unknown edition 'fr'"):
        source.texts("fr")


def test_english_pages_have_the_english_title_notice_and_summary(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    for source in manifest:
        texts = source.texts("en")
        front, body = _split(result.files[english(source.page)])
        assert front["title"] == texts.title and front["description"] == " ".join(texts.description.split())
        assert front["source_file"] == source.file and front["language"] == source.language
        assert body.startswith(f"# {texts.title} {{ #")
        assert f'!!! info "Imported source"\n    This page reproduces the file `{source.file}`' in body
        assert f"\n\n**Summary:** {' '.join(texts.summary.split())}\n\n" in body
        for pt_word in ("Fonte importada", "Correção", "Nota de revisão", "Versão corrigida", "Título original"):
            assert pt_word not in body.split("\n\n**Summary:**")[0], (source.slug, pt_word)


def test_english_pages_have_english_correction_warnings(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    for source in manifest:
        text = result.files[english(source.page)]
        assert text.count('!!! warning "Correction"') == len(source.corrections) > 0
        assert '!!! warning "Correção"' not in text
        for correction in source.corrections:
            see = f" [Corrected, executed version](../{correction.see})." if correction.see else ""
            line = f"{' '.join(correction.texts('en').correction.split())} [Review note](../notas-de-revisao.md#{correction.id}){see}\n"
            assert text.count(line) == 1, correction.id
    # the same place as in pt-BR: inside the list item, after the table
    card = result.files["fontes/ficha-pytorch.en.md"]
    assert "- ⚠️ Requer CUDA para GPU (NVIDIA only)\n\n    !!! warning \"Correction\"\n        Wrong: " in card
    assert "| Keras | API mais simples, menos flexibilidade |\n\n!!! warning \"Correction\"" in card


_ANY_WARNING = re.compile(r'\n\n( *)!!! warning "(?:Correção|Correction)"\n\1    [^\n]*')


def test_both_editions_keep_the_original_text_unchanged(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    for source in manifest:
        lines = sources.convert_entry(source, SOURCES).body.split("\n")
        title = next(i for i, line in enumerate(lines) if line.startswith("# "))
        # Every line of the text after its title, in order (a warning in a tight list
        # leaves a blank line behind once removed: blank lines are not compared).
        original = [line for line in lines[title + 1 :] if line.strip()]
        for name in (source.page, english(source.page)):
            body = [line for line in _ANY_WARNING.sub("", _split(result.files[name])[1]).split("\n") if line.strip()]
            assert body[-len(original) :] == original, name
            top = body[: -len(original)]
            # title, notice (2 lines), then the English summary and the original title, where they apply
            assert top[0].startswith("# ") and top[1].startswith('!!! info "') and len(top) <= 5, name
            assert all(line.startswith(("**Summary:**", "**Original title:**", "**Título original:**")) for line in top[3:])


def test_original_title_is_shown_where_it_differs_from_the_edition_title(result: sources.ImportResult) -> None:
    assert "\n**Original title:** PyTorch (torch)\n" in result.files["fontes/ficha-pytorch.en.md"]
    assert "\n**Original title:** O que é PyTorch?\n" in result.files["fontes/ibm-o-que-e-pytorch.en.md"]
    # The README has no title of its own: the manifest's is not an original title.
    assert "Original title" not in result.files["fontes/readme-pytorch-traduzido.en.md"]
    # The English title is the original one.
    assert "Original title" not in result.files["fontes/about-pytorch.en.md"]


def test_both_editions_have_the_same_heading_ids(result: sources.ImportResult) -> None:
    pairs = [name for name in result.files if not name.endswith(".en.md")]
    assert len(pairs) == len(SLUGS) + 2
    for name in pairs:
        pt, en = headings(result.files[name]), headings(result.files[english(name)])
        assert [(h.level, h.id) for h in en] == [(h.level, h.id) for h in pt], name
        assert [h.title for h in en] != [h.title for h in pt] or name.startswith("fontes/about"), name


def test_english_index_and_review_notes(result: sources.ImportResult, manifest: list[sources.SourceEntry]) -> None:
    index = _split(result.files["fontes/index.en.md"])
    assert index[0]["title"] == "Sources" and index[1].startswith("# Sources { #fontes }\n")
    assert "| Source | Format | Language | Date | Description |" in index[1]
    assert "| Zim wiki page | pt-BR | 2024-01-18 (created) |" in index[1]
    assert "| Markdown | pt-BR | 2025-01-15 (last updated) |" in index[1]
    front, notes = _split(result.files["notas-de-revisao.en.md"])
    assert front["title"] == "Review notes" and notes.startswith("# Review notes { #notas-de-revisao }\n")
    for source in manifest:
        texts = source.texts("en")
        assert f"[{texts.title}]({source.slug}.md)" in index[1] and " ".join(texts.description.split()) in index[1]
        for correction in source.corrections:
            en = correction.texts("en")
            section = notes.split(f"### {en.title} {{ #{correction.id} }}", 1)[1].split("\n### ", 1)[0]
            assert f"**Source:** [{texts.title}]({source.page}) (`{source.file}`)" in section
            assert correction.quote in section  # quoted as written, never translated
            assert f"**Correction:** {' '.join(en.correction.split())}" in section
            assert f"**Reason:** {' '.join(en.reason.split())}" in section
            if correction.see:
                assert f"**Corrected, executed version:** [{correction.see}]({correction.see})" in section


def test_pt_br_pages_do_not_depend_on_the_english_texts(
    result: sources.ImportResult, manifest: list[sources.SourceEntry]
) -> None:
    """The pt-BR edition is what it was before the English one: no English text changes it."""
    bare = [
        dataclasses.replace(
            source,
            english=None,
            corrections=tuple(dataclasses.replace(c, english=None) for c in source.corrections),
        )
        for source in manifest
    ]
    for source in bare:
        page = sources.convert_entry(source, SOURCES)
        body, _ = sources.place_corrections(page.body, source, SOURCES / source.file)
        assert sources.render_source_page(source, page, body) == result.files[source.page]
    assert sources.render_index(bare) == result.files["fontes/index.md"]
    assert sources.render_notes(bare, result.code_quotes) == result.files["notas-de-revisao.md"]


def test_place_corrections_in_english() -> None:
    source = sources.SourceEntry(
        file="f.txt", slug="f", title="F", format="plaintext", language="pt-BR", description="d",
        corrections=(
            sources.Correction(
                "a-one", "A", "alpha", "Corrija A.", "r", "guias/a.md#x", sources.CorrectionTexts("A", "Fix A.", "r")
            ),
        ),
    )
    body, _ = sources.place_corrections("# F\n\n- alpha\n- beta\n\nnext\n", source, Path("f.txt"), "en")
    assert body == (
        "# F\n\n- alpha\n\n"
        '    !!! warning "Correction"\n'
        "        Fix A. [Review note](../notas-de-revisao.md#a-one) [Corrected, executed version](../guias/a.md#x).\n\n"
        "- beta\n\nnext\n"
    )


def test_english_headings_take_the_pt_br_ids_even_when_repeated() -> None:
    twin = dict(format="plaintext", language="pt-BR", description="d", english=sources.SourceTexts("Twin", "d", "S. T."))
    pair = [
        sources.SourceEntry(file=f"{n}.txt", slug=f"s{n}", title="Ação", corrections=(
            sources.Correction(f"c-{n}", "T", "q", "c", "r", english=sources.CorrectionTexts("T", "c", "r")),
        ), **twin)
        for n in (1, 2)
    ]
    pt, en = sources.render_notes(pair, set()), sources.render_notes(pair, set(), "en")
    assert "\n## Ação\n" in pt and "\n## Twin { #acao }\n" in en and "\n## Twin { #acao_1 }\n" in en
    assert [(h.level, h.id) for h in headings(en)] == [(h.level, h.id) for h in headings(pt)]
