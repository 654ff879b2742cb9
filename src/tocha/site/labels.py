"""The words the build itself writes into pages, in each edition's language.

The ``tocha`` plugin adds text of its own to pages: the "Sources" box, the
list of pages built from a source, the glossary table's header, each executed
block's output label, stamp and figure description (and the hint that a wide
figure scrolls), the execution report, the download bar
and its notebooks, the API links, the API index and the link that stands for
the hidden part of a long navigation section. Every such text is
here, once per language; the plugin picks the set of the edition it builds
(``theme.language``, which mkdocs-static-i18n sets per edition).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The build's own words in one language (``{name}`` fields are filled in by the caller).

    ``lead_term`` is the glossary's first column and sort key: ``"pt"`` or ``"en"``.
    """

    lead_term: str
    sources_title: str
    sources_intro: str
    derived_heading: str
    derived_none: str
    glossary_header: str
    figure_alt: str
    stamp: str
    stamp_machine_digits: str
    report_none: str
    report_summary: str
    report_header: str
    origin_failed: str
    downloads_label: str
    notebook_link: str
    code_link: str
    colab_link: str
    code_file_title: str
    notebook_setup: str
    notebook_fresh_session: str
    notebook_all_fresh: str
    notebook_conditions: str
    notebook_script: str
    notebook_machine_digits: str
    untranslated_note_title: str
    untranslated_note: str
    block_apis: str
    api_index_summary: str
    api_index_none: str
    api_index_header: str
    api_block: str
    output_label: str
    figure_scroll_hint: str
    nav_more: str


LABELS: dict[str, Labels] = {
    "pt-BR": Labels(
        lead_term="pt",
        sources_title="Fontes",
        sources_intro="Esta página foi escrita a partir de:",
        derived_heading="Páginas do wiki baseadas nesta fonte",
        derived_none="Nenhuma página do wiki cita esta fonte ainda.",
        glossary_header="| Português | English | Página |",
        figure_alt="Figura desenhada pelo exemplo ({name})",
        stamp="Executado com torch {torch} · {device}",
        stamp_machine_digits="os dígitos mudam de um processador para outro",
        report_none="Nenhum bloco foi executado neste build.",
        report_summary=(
            "Blocos: **{blocks}**, em {pages} páginas. O tempo de cada um, e se rodou neste build "
            "ou veio do cache, está em [`execution-report.json`]({json}), que muda a cada build."
        ),
        report_header="| Página | Snippet | Dispositivo | torch |",
        origin_failed="**falhou**",
        downloads_label="Baixar:",
        notebook_link="notebook (.ipynb)",
        code_link="código (.py)",
        colab_link="Abrir no Colab",
        code_file_title="Código do exemplo: {name}",
        notebook_setup=(
            "Notebook da página \"{title}\" do Tocha: {url}\n"
            "As saídas guardadas aqui foram produzidas no build do site, com torch {torch}.\n"
            "Esta célula instala só o que os exemplos usam e falta: no Colab, onde o PyTorch\n"
            "já vem instalado, ela não o instala de novo."
        ),
        notebook_fresh_session=(
            "*Exemplo independente: na página, o código abaixo roda num ambiente novo, sem as "
            "variáveis das células anteriores. Aqui ele divide o kernel com elas; para reproduzir "
            "a página exatamente, reinicie o kernel e rode a partir desta célula.*"
        ),
        notebook_all_fresh=(
            "*Cada bloco de código abaixo é um exemplo independente: na página, cada um roda num "
            "ambiente novo. Aqui todos dividem o mesmo kernel; para reproduzir um deles exatamente, "
            "reinicie o kernel e rode a partir da célula dele.*"
        ),
        notebook_conditions=(
            "As saídas guardadas aqui vieram do build do site: torch {torch}, {device}, {threads} thread(s).\n"
            "Esta célula repete essas condições: o mesmo número de threads (os dígitos do build, num\n"
            "processador como o dele; um treino dá outros dígitos em outro; apague a linha de\n"
            "set_num_threads para usar todos os núcleos), sem os logs internos do torch e do\n"
            "profiler, e cada figura que uma célula salva aparece embaixo dela, como na página."
        ),
        untranslated_note_title="Nota em português",
        untranslated_note="Esta nota é mostrada como foi escrita no caderno do Zim.",
        notebook_script=(
            "*Na página, este exemplo roda como script: os processos que ele cria (`spawn`) importam "
            "o arquivo de novo, e o código de uma célula não tem arquivo. A primeira célula abaixo "
            "grava `{name}`; a segunda o executa com o Python deste kernel.*"
        ),
        notebook_machine_digits=(
            "*Os dígitos da saída guardada abaixo mudam de um processador para outro (o treino amplia "
            "as diferenças de arredondamento): num processador diferente do build, os seus serão outros.*"
        ),
        block_apis="APIs neste exemplo ({count})",
        api_index_summary="**{apis}** APIs do PyTorch usadas em **{blocks}** exemplos de {pages} páginas.",
        api_index_none="Nenhum exemplo deste build usa APIs do PyTorch.",
        api_index_header="| API | Exemplos que a usam |",
        api_block="exemplo {number} de {title}",
        output_label="Saída",
        figure_scroll_hint="Role para o lado para ver a figura inteira",
        nav_more="… mais {count} páginas",
    ),
    "en": Labels(
        lead_term="en",
        sources_title="Sources",
        sources_intro="This page was written from:",
        derived_heading="Wiki pages based on this source",
        derived_none="No wiki page cites this source yet.",
        glossary_header="| English | Português | Page |",
        figure_alt="Figure drawn by the example ({name})",
        stamp="Run with torch {torch} · {device}",
        stamp_machine_digits="the digits change from one processor to another",
        report_none="No block was executed in this build.",
        report_summary=(
            "Blocks: **{blocks}**, on {pages} pages. Each one's run time, and whether it ran in this "
            "build or came from the cache, is in [`execution-report.json`]({json}), which changes at every build."
        ),
        report_header="| Page | Snippet | Device | torch |",
        origin_failed="**failed**",
        downloads_label="Download:",
        notebook_link="notebook (.ipynb)",
        code_link="code (.py)",
        colab_link="Open in Colab",
        code_file_title="The example's code: {name}",
        notebook_setup=(
            "Notebook of the Tocha page \"{title}\": {url}\n"
            "The outputs kept here were produced when the site was built, with torch {torch}.\n"
            "This cell installs only what the examples use and is missing: on Colab, where\n"
            "PyTorch is already installed, it does not install it again."
        ),
        notebook_fresh_session=(
            "*A separate example: on the page, the code below runs in a fresh environment, without "
            "the variables of the cells above. Here it shares the kernel with them; to reproduce "
            "the page exactly, restart the kernel and run from this cell.*"
        ),
        notebook_all_fresh=(
            "*Each code cell below is a separate example: on the page, each one runs in a fresh "
            "environment. Here they share one kernel; to reproduce one exactly, restart the kernel "
            "and run from its cell.*"
        ),
        notebook_conditions=(
            "The outputs kept here come from the site's build: torch {torch}, {device}, {threads} thread(s).\n"
            "This cell sets the same conditions: the same thread count (the build's digits, on a\n"
            "processor like its own; a training run gives other digits on another; delete the\n"
            "set_num_threads line to use every core), torch's and the profiler's own logs off, and\n"
            "each figure a cell saves is shown under it, as on the page."
        ),
        untranslated_note_title="Note in Portuguese",
        untranslated_note=(
            "This note is shown as its author wrote it, in Brazilian Portuguese: it comes from the "
            "wiki owner's Zim notebook, which has no English edition."
        ),
        notebook_script=(
            "*On the page, this example runs as a script: the processes it starts (`spawn`) import "
            "its file again, and a cell's code has no file. The first cell below writes "
            "`{name}`; the second runs it with this kernel's Python.*"
        ),
        notebook_machine_digits=(
            "*The digits of the output stored below change from one processor to another (training "
            "widens rounding differences): on a processor unlike the build's, yours will differ.*"
        ),
        block_apis="APIs in this example ({count})",
        api_index_summary="**{apis}** PyTorch APIs used in **{blocks}** examples on {pages} pages.",
        api_index_none="No example of this build uses a PyTorch API.",
        api_index_header="| API | Examples that use it |",
        api_block="example {number} of {title}",
        output_label="Output",
        figure_scroll_hint="Scroll sideways to see the whole figure",
        nav_more="… {count} more pages",
    ),
}
"""Each edition's labels, by locale (the ``theme.language`` of its build)."""

DEFAULT_LOCALE = "pt-BR"


def labels_for(language: str | None) -> Labels:
    """The labels of a ``theme.language`` value: English for ``en``/``en-*``, pt-BR otherwise."""
    if language and language.split("-")[0].lower() == "en":
        return LABELS["en"]
    return LABELS[DEFAULT_LOCALE]
