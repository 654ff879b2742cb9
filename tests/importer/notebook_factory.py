"""Synthetic Zim notebooks for the importer's round-trip tests and the bench.

Nothing is downloaded: :func:`generate_notebook` writes, from a seed, a
notebook that looks like a real one grown over time: a home page, nested
namespaces (some with a page of their own, some only a folder), a journal
(``Journal:2024:01:18``), attachments (images, a PDF, a Markdown file), and
pages that use every construct of Zim's wiki syntax: headings (repeated
ones, ones with punctuation or only non-Latin letters), anchors, links to
pages, headings and anchors of other pages, interwiki and external links,
images, checkbox lists whose first item is indented, tables with
alignment and wrap markers, verbatim blocks with ``'''`` inside, code
objects and tags. A few links point at missing pages and anchors, as in
any real notebook, and a few files are ones Zim hides (see :data:`HIDDEN`).
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: {date}\n\n"
WORDS = (
    "Tensor", "Autograd", "Módulo", "Otimização", "Dados", "Ação", "GPU", "Modelo", "Treino",
    "Perda", "Camada", "Função", "Gradiente", "Lote", "Época", "Notas", "Ideias", "Leitura",
)
HEADINGS = (
    "Visão geral", "What is a project ?", "Notas", "Notas", "Ação & reação", "中文", "C++ e Python",
    "Passo 1: instalar", "Dúvidas?", "**Importante** agora", "Links úteis",
)
#: The smallest valid PNG (a 1×1 transparent pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082"
)

PageName = tuple[str, ...]

#: Files Zim hides, as a notebook in use holds them (relative to the notebook; ``Home/`` is
#: created for them): a backup, a page half saved, an office lock file, a ``.zim`` attachment.
HIDDEN = ("Home.txt~", "Home.txt.zim-new~", "Home/.~lock.notas.odt#", "Home/data.zim")


def generate_notebook(root: Path, pages: int, seed: int = 0) -> Path:
    """Write a synthetic Zim notebook of ``pages`` pages into ``root``.

    The same ``pages`` and ``seed`` always give the same files.

    Args:
        root: The notebook folder (created; it should be empty).
        pages: How many pages (at least 10).
        seed: The seed of the random choices.

    Returns:
        ``root``.
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "notebook.zim").write_text(
        "[Notebook]\nversion=0.4\nname=Sintético\ninterwiki=sint\nhome=Home\n"
        "default_file_format=zim-wiki\ndefault_file_extension=.txt\n",
        encoding="utf-8",
    )
    names = _page_names(rng, max(pages, 10))
    headings = {name: rng.sample(HEADINGS, rng.randint(2, 5)) for name in names}
    anchors = {name: [f"ancora-{index}-{k}" for k in range(rng.randint(0, 2))] for index, name in enumerate(names)}
    attachments = {name for name in names if rng.random() < 0.2}
    for index, name in enumerate(names):
        text = _page_text(rng, index, name, names, headings, anchors, name in attachments)
        path = root.joinpath(*(_file_part(part) for part in name[:-1]), _file_part(name[-1]) + ".txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        created = (date(2020, 1, 1) + timedelta(days=index)).isoformat() + "T10:00:00+02:00"
        if index % 7 == 3:  # older Zim versions wrote RFC 2822 dates
            created = "Wed, 08 Jul 2009 10:00:00 +0200"
        path.write_text(HEADER.format(date=created) + text, encoding="utf-8")
        if name in attachments:
            folder = path.with_suffix("")
            folder.mkdir(exist_ok=True)
            (folder / "fig.png").write_bytes(PNG)
            (folder / "doc.pdf").write_bytes(b"%PDF-1.4\n% synthetic\n")
            (folder / "notes.md").write_text("# Not a page\n", encoding="utf-8")
    for relative in HIDDEN:
        (root / relative).parent.mkdir(exist_ok=True)
        (root / relative).write_text(HEADER.format(date="2024-01-01T10:00:00+02:00") + "oculto\n", encoding="utf-8")
    (root / ".zim").mkdir(exist_ok=True)
    (root / ".zim" / "index.db").write_bytes(b"cache")
    return root


def _page_names(rng: random.Random, count: int) -> list[PageName]:
    """Home, a journal, and pages under namespaces up to three levels deep."""
    names: list[PageName] = [("Home",), ("Projects",)]
    day = date(2024, 1, 1)
    for _ in range(max(1, count // 8)):
        day += timedelta(days=rng.randint(1, 4))
        names.append(("Journal", str(day.year), f"{day.month:02d}", f"{day.day:02d}"))
    # "Areas" and "Reference" are namespaces without a page of their own.
    parents: list[PageName] = [("Projects",), ("Areas",), ("Reference",), ("Areas", "Saúde")]
    while len(names) < count:
        parent = rng.choice(parents)
        name = (*parent, f"{rng.choice(WORDS)} {len(names)}")
        names.append(name)
        if len(name) < 3 and rng.random() < 0.3:
            parents.append(name)
    return names


def _file_part(part: str) -> str:
    """A page name part as Zim stores it: spaces as underscores."""
    return part.replace(" ", "_")


def _link(name: PageName) -> str:
    return ":" + ":".join(name)


def _zim_anchor(heading: str) -> str:
    """Zim's implicit anchor of a heading: lowercase, spaces to ``-``, other punctuation dropped."""
    text = heading.replace("**", "")
    return re.sub(r"[^\w\-_]", "", re.sub(r"\s", "-", text.strip().lower()))


def _page_text(
    rng: random.Random,
    index: int,
    name: PageName,
    names: list[PageName],
    headings: dict[PageName, list[str]],
    anchors: dict[PageName, list[str]],
    has_attachments: bool,
) -> str:
    other = rng.choice(names)
    third = rng.choice(names)
    title = f"Dia {name[-1]}/{name[-2]}" if name[0] == "Journal" else name[-1]
    lines = [f"====== {title} ======", f"Criado em {index}. Veja [[{_link(other)}]] e @tag{index % 5}.", ""]
    for anchor in anchors[name]:
        lines.append(f"Ponto marcado {{{{id: {anchor}}}}} aqui.")
    lines += [
        "**negrito**, //itálico//, __marcado__, ~~riscado~~, ''verbatim'', H_{2}O e x^{2}.",
        f"[[{_link(third)}#{_zim_anchor(rng.choice(headings[third]))}|seção de outra página]]",
        "Externo: https://pytorch.org/docs, www.python.org, [[wp?PyTorch]], [[sint?Home|casa]], a@b.com.",
        "",
    ]
    if anchors[other]:
        lines.append(f"Âncora: [[{_link(other)}#{anchors[other][0]}|lá]].")
    if index % 11 == 5:
        lines.append("Quebrados: [[:Página Que Não Existe]] e [[:Home#secao-que-nao-existe]].")
    if has_attachments:
        lines += ["{{./fig.png?width=32}} {{./fig.png?href=" + _link(other).replace(":", "%3A") + "}}",
                  "Arquivos: [[./doc.pdf|o PDF]] e [[./notes.md]].", ""]
    for level, heading in zip((2, 3, 4, 3, 2), headings[name], strict=False):
        equals = "=" * (7 - level)
        lines += [f"{equals} {heading} {equals}", rng.choice(_BLOCKS).replace("{index}", str(index)), ""]
    lines.append(f"Volta para [[#{_zim_anchor(headings[name][0])}]].")
    return "\n".join(lines) + "\n"


_BLOCKS = (
    "Tarefas:\n\t[ ] abrir\n\t[*] feito\n\t\t[x] cancelado\n\t[>] adiado\n\t[<] movido",
    "* um\n* dois\n\t* dois e meio\n* três\n\n1. primeiro\n2. segundo\n\ta. sub",
    "|Nome <|Valor|Nota|\n|:-----|----:|:--:|\n|a|**1**|[[:Home]]|\n|b\\|c|2|linha\\nnova|",
    "\t'''\n\tdef f():\n\t\t'''doc {index}'''\n\t\treturn 1\n\t'''",
    '{{{code: lang="python3" linenumbers="True"\nprint({index})\n}}}',
    '{{{code: lang="sh"\necho {index}\n}}}',
    "Um parágrafo\ncom duas linhas, 1 < 2 & 3 > 2, [colchetes] e #hash.\n-----\nDepois da linha.",
    "Texto com {{id: local-{index}}} e link [[#local-{index}|local]].",
)
