"""Where the links of a Zim page point: page names, output paths, anchors and link kinds.

A Zim link target is read the way Zim reads it (``zim.parsing.link_type``):

* ``scheme://...`` is a URL (``zim+...`` a link into another notebook);
* ``file:/...`` is a file URI; ``x@y.z`` or ``mailto:`` an e-mail address;
  ``www.x.y`` a web address; ``\\\\host\\share`` or ``smb://`` a share drive;
* ``/...``, ``./...``, ``../...``, ``~/...`` (and ``C:\\...``) are file paths;
* ``key?page`` is an interwiki link (see :data:`INTERWIKI`);
* anything else is a page: ``:A:B`` absolute, ``+A`` a child, ``A:B``
  relative (see :func:`resolve_link`), optionally with ``#anchor``.

Heading ids follow MkDocs: the site's ``toc`` extension gives each heading
the id its ``slugify`` makes of the heading text (made unique with ``_1``,
``_2``...), and :func:`heading_ids` computes the same ids with the same
functions (:data:`SLUGIFY`, ``markdown.extensions.toc.unique``). A Zim anchor
name (``{{id: foo}}``, or the implicit anchor Zim derives from a heading,
:func:`zim_anchor`) is mapped to the id the page has on the site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import MappingProxyType
from urllib.parse import quote

from markdown.extensions.toc import slugify as _toc_slugify
from markdown.extensions.toc import unique

from tocha.importer.writer import slugify

PageName = tuple[str, ...]
"""A Zim page name split at ``:``, e.g. ``("Deep Learning", "Tensores")``."""

SLUGIFY: Callable[[str, str], str] = _toc_slugify
"""The heading slug function of the site's ``toc`` extension (``mkdocs.yml`` sets none, so its default)."""

SLUG_SEPARATOR = "-"
"""The ``toc`` extension's word separator (its default)."""

OUTSIDE_NOTEBOOK = ("/", "~", "file:", "\\", "smb:")
"""How file links that point outside the notebook start."""

INTERWIKI: Mapping[str, str] = MappingProxyType(
    {
        # Zim's own data/urls.list (the commonly used keys), with https where the site has it.
        "wp": "https://en.wikipedia.org/wiki/",
        "wpde": "https://de.wikipedia.org/wiki/",
        "wppt": "https://pt.wikipedia.org/wiki/",
        "wpmeta": "https://meta.wikipedia.org/wiki/",
        "wikipedia": "https://en.wikipedia.org/wiki/",
        "doku": "https://www.dokuwiki.org/",
        "rfc": "https://www.rfc-editor.org/rfc/rfc{NAME}.txt",
        "google": "https://www.google.com/search?q=",
        "go": "https://www.google.com/search?q={URL}&btnI=lucky",
        "cpan": "https://metacpan.org/search?q={URL}",
        "perldoc": "https://perldoc.perl.org/search.html?q=",
        "phpfn": "https://www.php.net/{NAME}",
        "amazon": "https://www.amazon.com/exec/obidos/ASIN/",
        "imdb": "https://www.imdb.com/title/",
        "pypi": "https://pypi.org/project/",
        "github": "https://github.com/",
    }
)
"""Interwiki keys (case-insensitive) → URL. ``{NAME}`` takes the page as written,
``{URL}`` the page URL-encoded; without either, the encoded page is appended."""

_URL = re.compile(r"\w[\w+\-.]*://")
_FILE_URI = re.compile(r"file:/")
# Zim's "(?:mailto:\S+|[^\s:]+)@\S+\.\w+(?:\?.+)?$": the same targets, the local part
# ending at its first "@" (as good as any other one, and no backtracking through every "@").
_EMAIL = re.compile(r"(?:mailto:\S[^\s@]*|[^\s:][^\s:@]*)@\S+\.\w+(?:\?.+)?$")
_WWW = re.compile(r"www\.(?:[\w\-]+\.)+[\w\-]+")
_MESSAGE = re.compile(r"(?:mid|cid):.*@")
_SHARE = re.compile(r"\\\\[^\\]+\\.+|smb://")
_PATH = re.compile(r"/|\.\.?[/\\]|~.*[/\\]|[A-Za-z]:\\")
_INTERWIKI = re.compile(r"(\w[\w+\-.]*)\?(.*)")
_NON_ANCHOR = re.compile(r"[^\w\-_]")


def link_kind(target: str) -> str:
    """Tell what a Zim link target is, by Zim's rules (``zim.parsing.link_type``).

    Args:
        target: The link target as written (no label).

    Returns:
        ``url``, ``notebook`` (``zim+`` link), ``file-uri``, ``mailto``,
        ``www``, ``message`` (``mid:``/``cid:``), ``share``, ``file``,
        ``interwiki`` or ``page``.
    """
    if _URL.match(target):
        return "notebook" if target.startswith("zim+") else "url"
    if _FILE_URI.match(target):
        return "file-uri"
    if _EMAIL.match(target):
        return "mailto"
    if _WWW.match(target):
        return "www"
    if _MESSAGE.match(target):
        return "message"
    if _SHARE.match(target):
        return "share"
    if _PATH.match(target):
        return "file"
    if _INTERWIKI.match(target):
        return "interwiki"
    return "page"


def interwiki_url(target: str, table: Mapping[str, str] = INTERWIKI) -> str | None:
    """Expand an interwiki link (``wp?Test``) to its URL, as Zim does.

    Args:
        target: ``key?page``.
        table: Known keys (lowercase) → URL templates.

    Returns:
        The URL, or ``None`` for an unknown key.
    """
    key, page = _INTERWIKI.fullmatch(target).groups()
    template = table.get(key.lower())
    if template is None:
        return None
    if "{NAME}" in template:
        return template.replace("{NAME}", page)
    encoded = quote(page, safe="/:")
    if "{URL}" in template:
        return template.replace("{URL}", encoded)
    return template + encoded


def share_url(target: str) -> str:
    """Turn a share drive link (``\\\\host\\share\\path``) into an ``smb://`` URL, as Zim does on Linux.

    Args:
        target: The link target.

    Returns:
        The ``smb://`` URL.
    """
    if target.startswith("smb://"):
        return target
    return "smb:" + quote(target.replace("\\", "/"), safe="/:")


def page_path(name: PageName, *, folder: bool = False) -> PurePosixPath:
    """Where a Zim page is written, relative to the output folder.

    ``Foo:Bar`` → ``foo/bar.md``; a page that owns a folder (children or
    attachments) → ``foo/bar/index.md``, so its files sit next to it. A leaf
    page named ``Index`` becomes ``index-page.md``, so it never takes the place
    of its parent's ``index.md``.

    Args:
        name: The page name.
        folder: Whether the page has children or attachments.

    Returns:
        The output path of the page.
    """
    slugs = [slugify(part) for part in name]
    if folder:
        return PurePosixPath(*slugs, "index.md")
    leaf = "index-page" if slugs[-1] == "index" else slugs[-1]
    return PurePosixPath(*slugs[:-1], f"{leaf}.md")


def resolve_link(link: str, current: PageName, find: Callable[[PageName], PageName | None]) -> PageName | None:
    """Resolve a Zim page link to a full page name, by Zim's rules.

    ``:A:B`` is absolute; ``+A`` is a child of the current page; a relative
    ``A:B`` is looked up by its first part in the current page's namespace,
    then in each parent namespace up to the root; when no namespace has it,
    it is a sibling of the current page. Underscores mean spaces.

    Args:
        link: The link target, without label or anchor.
        current: The page that holds the link.
        find: Gives the canonical name of an existing page or namespace (Zim
            matches names without regard to case), or ``None``.

    Returns:
        The target page name, or ``None`` when the link names no page.
    """
    parts = tuple(p.strip().replace("_", " ") for p in link.lstrip(":+").split(":") if p.strip())
    if not parts:
        return None
    if link.startswith(":"):
        return parts
    if link.startswith("+"):
        return current + parts
    for depth in range(len(current) - 1, -1, -1):
        found = find(current[:depth] + parts[:1])
        if found is not None:
            return found + parts[1:]
    return current[:-1] + parts


def relative_href(target: PurePosixPath, here: PurePosixPath) -> str:
    """Give the relative link from one output file to another.

    Args:
        target: The linked file, relative to the output folder.
        here: The linking page, relative to the output folder.

    Returns:
        A URL path (percent-encoded where needed), e.g. ``../foo/bar.md``.
    """
    return quote(posixpath.relpath(f"/{target}", f"/{here.parent}"))


def zim_anchor(heading: str) -> str:
    """Give the implicit anchor Zim derives from a heading (``zim.formats.heading_to_anchor``).

    Args:
        heading: The heading text as shown (markup removed).

    Returns:
        E.g. ``what-is-a-project-`` for ``What is a project ?``.
    """
    return _NON_ANCHOR.sub("", re.sub(r"\s", "-", heading.strip().lower()))


def heading_anchor(text: str) -> str:
    """Guess the site id of a heading known only by its text or its Zim anchor.

    Used for links into a page the converter does not see (a page converted
    alone): the ``toc`` slug of the text, without the dashes at its ends that
    Zim's anchors keep (``what-is-a-project-``).

    Args:
        text: A heading text or a Zim anchor.

    Returns:
        The id, e.g. ``funcoes-de-ativacao``.
    """
    return SLUGIFY(text, SLUG_SEPARATOR).strip(SLUG_SEPARATOR)


@dataclass(frozen=True)
class Heading:
    """A heading of a converted page, as the site's ``toc`` sees it.

    Attributes:
        text: Its text as rendered (markup removed), which ``toc`` slugifies.
        explicit_id: The id set on it (``{ #id }``, from a Zim anchor inside it), if any.
    """

    text: str
    explicit_id: str | None = None


def heading_ids(headings: list[Heading], reserved: set[str]) -> list[str]:
    """Compute the id the site gives each heading of a page, as ``toc`` does.

    ``toc`` first takes every id already set in the page (``reserved``: the
    ``{ #id }`` of headings and images), then gives each heading without one
    the slug of its text, made unique with ``_1``, ``_2``...

    Args:
        headings: The page's headings, in order.
        reserved: The ids set explicitly in the page; the computed ids are added to it.

    Returns:
        One id per heading.
    """
    counters: dict[str, int] = {}
    return [
        heading.explicit_id or unique(SLUGIFY(heading.text, SLUG_SEPARATOR), reserved, counters)
        for heading in headings
    ]


@dataclass(frozen=True)
class PageRef:
    """A link to a page (or to an anchor) waiting for every page to be known.

    Attributes:
        target: The linked page, or ``None`` for an anchor of the linking page.
        anchor: The Zim anchor after ``#``, or ``""``.
        label: The Markdown of the link text.
        line: The 1-based line of the link, for warnings.
        written: The target as written in Zim, for warnings.
        text: The Markdown shown instead when the link cannot be kept (the
            label, escaped for the start of a line where it stands there);
            ``None``: the label.
    """

    target: PageName | None
    anchor: str
    label: str
    line: int
    written: str
    text: str | None = None


class PageLinks:
    """Where the links of one page point, for a page converted on its own.

    Alone, a page knows no other page: ``find`` finds nothing, so relative
    links resolve to siblings; every target is assumed to exist as a leaf
    page, with unknown anchors (see :func:`heading_anchor`); files are
    assumed to sit next to the page. Subclasses that know the whole notebook
    override ``find``, ``output_path``, ``anchors``, ``file_href`` and
    ``interwiki``.

    Attributes:
        page: The name of the page that holds the links.
    """

    def __init__(self, page: PageName) -> None:
        """Make the links of one page.

        Args:
            page: The name of the page that holds the links.
        """
        self.page = page

    def find(self, name: PageName) -> PageName | None:
        """Find an existing page or namespace by name.

        Args:
            name: The name to look for.

        Returns:
            The canonical name, or ``None`` (always, for a page alone).
        """
        return None

    def output_path(self, name: PageName) -> PurePosixPath | None:
        """Give the output path of a page.

        Args:
            name: A page name.

        Returns:
            The path relative to the output folder, or ``None`` when no such page is written.
        """
        return page_path(name)

    def anchors(self, name: PageName) -> Mapping[str, str] | None:
        """Give the anchors of another page: Zim anchor name → id on the site.

        Args:
            name: A page name.

        Returns:
            The anchors, or ``None`` when the page's anchors are unknown (a page alone).
        """
        return None

    def file_href(self, target: str) -> str | None:
        """Give the link to a file (image, attachment) named in the page.

        Args:
            target: The file as written in Zim, relative to the page's
                attachment folder (``./fig.png``).

        Returns:
            The relative URL, or ``None`` when the file is outside the notebook or missing.
        """
        if target.startswith(OUTSIDE_NOTEBOOK):
            return None
        return quote(posixpath.normpath(target))

    def interwiki(self, target: str) -> tuple[str, str | None]:
        """Resolve an interwiki link.

        Args:
            target: ``key?page``.

        Returns:
            ``("url", URL)`` for a known key, ``("page", page link)`` when the
            key names this notebook, or ``("unknown", None)``.
        """
        url = interwiki_url(target)
        return ("unknown", None) if url is None else ("url", url)

    def page_href(self, ref: PageRef, own_anchors: Mapping[str, str]) -> tuple[str | None, str | None]:
        """Resolve a page link once every page is known.

        Args:
            ref: The link.
            own_anchors: The anchors of the linking page.

        Returns:
            The relative URL (or ``None`` when the link cannot be kept), and a
            warning (or ``None``). A missing page gives no URL; a missing
            anchor in another page gives the URL of the page without it.
        """
        if ref.target is None:
            anchor = find_anchor(own_anchors, ref.anchor)
            if anchor is None:
                return None, f"link to a missing anchor: {ref.written}"
            return f"#{anchor}", None
        path = self.output_path(ref.target)
        if path is None:
            return None, f"link to a missing page: {ref.written}"
        here = self.output_path(self.page) or page_path(self.page)
        href = relative_href(path, here)
        if not ref.anchor:
            return href, None
        anchors = own_anchors if ref.target == self.page else self.anchors(ref.target)
        if anchors is None:  # another page, unknown here: best guess
            return f"{href}#{heading_anchor(ref.anchor)}", None
        anchor = find_anchor(anchors, ref.anchor)
        if anchor is None:
            return href, f"link to a missing anchor: {ref.written} (linked to the page)"
        return f"{href}#{anchor}", None


def find_anchor(anchors: Mapping[str, str], name: str) -> str | None:
    """Find the site id of a Zim anchor in a page, as Zim finds it.

    The name as written first (explicit anchors win over headings, see
    :func:`heading_ids`), then the name taken as a heading text
    (``#Funções Úteis`` finds the heading ``Funções Úteis``).

    Args:
        anchors: The page's anchors: Zim anchor name → id on the site.
        name: The anchor as written after ``#``.

    Returns:
        The id, or ``None``.
    """
    found = anchors.get(name)
    if found is None:
        found = anchors.get(zim_anchor(name))
    return found
