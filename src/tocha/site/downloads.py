"""What a page with executed examples offers to take away: its snippet files, its notebook, a Colab link.

**Layout.** The files sit beside the page in the built site, in each edition:
``site/guias/rede-neural-simples/index.html`` gets
``site/guias/rede-neural-simples/rede-neural-simples.ipynb`` (named after the
page) and ``.../train_simple_nn.py`` (named after the snippet file); the English
edition has its own under ``site/en/guias/rede-neural-simples/``. A relative
link from the page is then just the file name, and the published path of a
notebook is the page's path plus its name, which the Colab link needs.

**The .py files** are the snippet files the page includes, whole, as the
edition runs them (the English edition's variant has English comments and
strings), without the pymdownx.snippets section markers (notation for the
page, not code): the file a reader runs with ``python file.py``.

**Colab.** Colab opens a notebook of a GitHub repository at
``https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/<path>``.
GitHub Pages serves the site from an artifact, with no branch, so the Pages
workflow (``.github/workflows/pages.yml``) also pushes the site's notebooks to
the ``notebooks`` branch of ``repo_url`` (the plugin's ``colab_branch``), each
at its path in the built site: ``<path>`` is the notebook's path in the site.
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from pymdownx.snippets import SnippetPreprocessor

from tocha.site.labels import Labels

log = logging.getLogger("tocha.site.downloads")

COLAB_GITHUB = "https://colab.research.google.com/github/"
_GITHUB_REPO = re.compile(r"^/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


def without_section_markers(source: str) -> str:
    """A snippet file's text without its pymdownx.snippets section markers (escaped markers are kept).

    Returns:
        The code, ending with one newline.
    """
    kept = []
    for line in source.splitlines():
        marker = SnippetPreprocessor.RE_SNIPPET_SECTION.match(line) if "8<-" in line else None
        if marker and not marker.group("escape"):
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def download_names(paths: list[Path], base_paths: list[Path]) -> dict[Path, str]:
    """The file name each snippet gets beside its page: its own name, or its folder path when two names clash.

    Args:
        paths: The snippet files of one page, in page order.
        base_paths: The snippet folders (to name a clashing file by its path inside them).

    Returns:
        Snippet path → file name (``train_simple_nn.py``, or ``guides-simple_nn-train.py`` on a clash).
    """
    counts = Counter(path.name for path in paths)
    names = {}
    for path in paths:
        if counts[path.name] == 1:
            names[path] = path.name
            continue
        relative = path
        for base in base_paths:
            try:
                relative = path.resolve().relative_to(base.resolve())
                break
            except ValueError:
                continue
        names[path] = "-".join(relative.parts)
    return names


def notebook_name(page_dest: str) -> str:
    """The notebook's file name for a page: the page's folder name (``rede-neural-simples.ipynb``).

    Args:
        page_dest: The page's HTML file in the site (``guias/rede-neural-simples/index.html``).
    """
    path = PurePosixPath(page_dest)
    stem = path.parent.name if path.name == "index.html" else path.stem
    return f"{stem or 'index'}.ipynb"


def github_repository(repo_url: str | None) -> tuple[str, str] | None:
    """``(owner, repo)`` of a ``https://github.com/<owner>/<repo>`` URL, else ``None``."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    if parts.hostname not in {"github.com", "www.github.com"}:
        return None
    match = _GITHUB_REPO.match(parts.path)
    return (match.group("owner"), match.group("repo")) if match else None


def colab_url(repo_url: str | None, branch: str, site_path: str) -> str | None:
    """The "Open in Colab" address of a notebook published with the site.

    Args:
        repo_url: ``repo_url`` of ``mkdocs.yml`` (a GitHub repository).
        branch: The branch the site's notebooks are published on (``notebooks``).
        site_path: The notebook's path in the built site (``en/guias/x/x.ipynb``).

    Returns:
        ``https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/<site_path>``,
        or ``None`` when ``repo_url`` is not a GitHub repository.
    """
    repository = github_repository(repo_url)
    if repository is None:
        return None
    owner, repo = repository
    return f"{COLAB_GITHUB}{quote(owner)}/{quote(repo)}/blob/{quote(branch)}/{quote(site_path)}"


@dataclass(frozen=True)
class PageDownloads:
    """The files of one page and where its links go.

    Attributes:
        notebook: The notebook's file name, beside the page.
        code: The snippets' file names beside the page, in page order.
        colab: The Colab address of the notebook, or ``None``.
    """

    notebook: str
    code: tuple[str, ...]
    colab: str | None

    def bar_html(self, labels: Labels) -> str:
        """The page's download bar: ``Baixar: notebook (.ipynb) · código (.py) · Abrir no Colab``.

        The files are in the page's folder, so each link is the file's name.

        Args:
            labels: The edition's words.

        Returns:
            One ``<p class="tocha-downloads">``, left out of the search index.
        """
        notebook = html.escape(self.notebook)
        links = [f'<a class="tocha-download-notebook" href="{notebook}" download>{html.escape(labels.notebook_link)}</a>']
        code = [
            f'<a class="tocha-download-code" href="{html.escape(name)}" download '
            f'title="{html.escape(labels.code_file_title.format(name=name))}">{html.escape(text)}</a>'
            for name, text in zip(self.code, self._code_texts(labels), strict=True)
        ]
        if len(code) == 1:
            links.append(code[0])
        elif code:
            links.append(f"{html.escape(labels.code_link)}: " + ", ".join(code))
        if self.colab:
            links.append(f'<a class="tocha-colab" href="{html.escape(self.colab)}">{html.escape(labels.colab_link)}</a>')
        label = f'<span class="tocha-downloads-label">{html.escape(labels.downloads_label)}</span>'
        return f'<p class="tocha-downloads" data-search-exclude>{label} {" · ".join(links)}</p>'

    def _code_texts(self, labels: Labels) -> list[str]:
        """One snippet: ``código (.py)``; several: each file's name."""
        return [labels.code_link] if len(self.code) == 1 else list(self.code)


def insert_after_title(page_html: str, fragment: str) -> str:
    """Put a fragment right after the page's first ``<h1>`` (at the top when it has none)."""
    end = page_html.find("</h1>")
    if end < 0:
        return fragment + page_html
    end += len("</h1>")
    return page_html[:end] + "\n" + fragment + page_html[end:]


def machine_paths(root: Path) -> list[str]:
    """Paths of this machine that no download may contain: the repository (``root``), the home and temporary folders."""
    paths = {str(root), str(Path.home()), tempfile.gettempdir().rstrip("/") + "/"}
    return sorted(path for path in paths if len(path) > 1)


def check_portable(text: str, what: str, forbidden: list[str]) -> None:
    """Warn (which fails the strict build) when a download names a folder of the build machine."""
    found = [path for path in forbidden if path in text]
    if found:
        log.warning("tocha: %s contains a path of the build machine (%s): a reader's copy cannot use it", what, ", ".join(found))


@dataclass(frozen=True)
class DownloadPlace:
    """Where a page's downloads go and what they may not contain.

    Attributes:
        folder: The page's folder in the built site.
        site_root: The published site's root folder (the Colab link's path starts there).
        snippet_bases: The snippet folders (a file's download name is its path under them).
        repo_url: The site's repository (``None``: no Colab link).
        colab_branch: The branch that holds the notebooks at their paths in the site.
        forbidden: The build machine's paths (:func:`machine_paths`).
    """

    folder: Path
    site_root: Path
    snippet_bases: list[Path]
    repo_url: str | None
    colab_branch: str
    forbidden: list[str]


def write_downloads(uri: str, snippets: list[Path], notebook_file: str, notebook_text: str, place: DownloadPlace) -> PageDownloads:
    """Write a page's snippet files (section markers dropped) and its notebook into its folder of the site.

    Args:
        uri: The page's path under ``docs/`` (for the warnings).
        snippets: The snippet files its blocks included, each once, in page order.
        notebook_file: The notebook's file name (:func:`notebook_name`).
        notebook_text: The notebook's JSON.
        place: Where they go.

    Returns:
        What the download bar links to.
    """
    place.folder.mkdir(parents=True, exist_ok=True)
    names = download_names(snippets, place.snippet_bases)
    for path, name in names.items():
        text = without_section_markers(path.read_text(encoding="utf-8"))
        check_portable(text, f"{uri}: {name}", place.forbidden)
        (place.folder / name).write_text(text, encoding="utf-8")
    check_portable(notebook_text, f"{uri}: {notebook_file}", place.forbidden)
    (place.folder / notebook_file).write_text(notebook_text, encoding="utf-8")
    site_path = (place.folder / notebook_file).resolve().relative_to(place.site_root.resolve()).as_posix()
    colab = colab_url(place.repo_url, place.colab_branch, site_path)
    return PageDownloads(notebook_file, tuple(names[path] for path in snippets), colab)
