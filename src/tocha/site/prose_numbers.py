"""Numbers in a page's prose must come from what the page shows: its executed output or its code.

The site promises that every output is real. A sentence such as "a acurácia
chega a 0,93" breaks that promise the day the example prints 0,91, and nothing
would notice. So every number written in a page's prose is looked up among the
numbers the page itself shows:

* the output of its executed blocks (and the stamp under them: torch's version);
* its code: executed blocks, code shown without running, inline code
  (``100 épocas`` is read from ``epochs=100``).

A prose number is *traced* when one of those, rounded to the digits the prose
writes, is that number: ``0,93`` is traced by ``0.9317``, ``83 %`` by
``0.8333``, ``2 565`` by ``2,565`` or ``2 565``. The rest are *untraced*, and the
build warns about each (a strict build fails) with its file and line.

Numbers that are facts rather than outputs (a year, a dataset's size, a
format's limit, a measurement made outside the build) are listed in the page's
front matter, each with where it comes from::

    cited_numbers:
      "2023": MXNet moved to the Apache Attic (apache.org)
      "60 000": CIFAR-10's size, from its authors' page

Versions are not outputs either: Portuguese prose writes decimals with a comma
(``0,93``), so what it writes with a point (``PyTorch 2.6``, ``torchvision
0.13``) is a version, and the English edition of a page takes its versions
from the Portuguese one (:func:`version_keys`).

A page whose numbers were all measured by a tool other than the build (the
``make bench`` report) says so with ``numbers_measured_by: make bench``.

Some outputs are real but not the same on every machine: a training run's
losses and accuracies come out with other digits on another processor (its
sums round in another order, and training amplifies the last bit). Such a
block says so with ``digits="machine"`` (its stamp tells the reader), and its
output traces no prose number: the build on another machine would print other
digits and fail, so the prose describes what such an output shows without its
digits, and the check names the block's option when the prose cites one.

What is not checked: imported pages (their words are their source's; the
plugin skips pages with ``source_file``), integers from 0 to 10 (counts that
structure a text: "3 classes", "2 processos"), years (four digits from 1900 to
2099: dates, such as a release's), versions with two dots or more
(``2.14.1``), numbers that are part of a name (``float16``, ``ResNet-18``,
``CIFAR-10``, ``H100``, ``#138506``) and the numbers of ordered lists.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tocha.examples.page_model import Fence, PageLayout, scan_layout

log = logging.getLogger("tocha.site.prose_numbers")

#: Languages whose prose writes a decimal comma (``0,93``); the others write a decimal point.
DECIMAL_COMMA_LANGUAGES = ("pt",)
#: Integers up to this one are not checked (see the module docstring).
SMALLEST_CHECKED = 10
#: Years in this range, written as four digits, are dates, not outputs.
YEARS = range(1900, 2100)
#: Characters that group thousands in prose and output: space, no-break space, narrow no-break space.
_GROUP_SPACES = " \u00a0\u202f"

#: A number in prose: grouped by spaces (``11 440 707``) or not, with decimals after ``.`` or ``,``,
#: an exponent (``6e-8``) and a percent sign; not part of a word, a path, a version or a name.
_PROSE_NUMBER = re.compile(
    r"(?<![\w.,/\-+#])"
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"(?P<exponent>e[-+]?\d+)?"
    r"(?P<percent>[ \u00a0\u202f]?%)?"
    r"(?![\w\-]|[.,]\d)"
)
#: A number in output or code: thousands grouped by a comma or a space, or plain; decimals after a point.
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d])")
_PLAIN = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

#: What is not prose in a line of Markdown: inline code, link targets, attribute lists, HTML tags, URLs.
_NOT_PROSE = (
    re.compile(r"(`+).+?\1"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),
    re.compile(r"\[\^[^\]]*\]"),
    re.compile(r"\{[:#.][^}]*\}|\{ [#.][^}]*\}"),
    re.compile(r"<[^>]*>"),
    re.compile(r"https?://\S+"),
)
_ORDERED_ITEM = re.compile(r"^(\s*(?:>\s*)*)\d+[.)](?=\s)")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")


class NumbersError(ValueError):
    """A page's ``cited_numbers`` front matter is not what the check reads."""


@dataclass(frozen=True)
class ProseNumber:
    """A number written in a page's prose.

    Attributes:
        line: Its line in the page's file (front matter included), from 1.
        text: As written: ``0,93``, ``2 565``, ``83 %``, ``6e-8``.
        readings: The values it can mean: ``1.000`` in Portuguese is 1000, or 1 with a decimal point.
        decimals: Digits written after the decimal separator of each reading (0 for an integer).
        percent: Written with ``%``.
    """

    line: int
    text: str
    readings: tuple[float, ...]
    decimals: tuple[int, ...]
    percent: bool

    @property
    def dotted(self) -> bool:
        """Written as digits, one point, digits (``2.6``, ``0.18``): a version where prose writes decimals with a comma."""
        return re.fullmatch(r"\d+\.\d+", self.text) is not None

    @property
    def key(self) -> str:
        """The number without its spacing, as ``cited_numbers`` may name it: ``2565``, ``0,93``, ``83%``."""
        return re.sub(f"[{_GROUP_SPACES}]", "", self.text)


def _readings(number: str, exponent: str, language: str) -> list[tuple[float, int]]:
    """The values a number written in prose can mean, each with its count of decimals."""
    spaced = any(space in number for space in _GROUP_SPACES)
    digits = re.sub(f"[{_GROUP_SPACES}]", "", number)
    found: list[tuple[float, int]] = []

    def add(text: str) -> None:
        try:
            value = float(text + exponent)
        except ValueError:
            return
        # 6e-8 is written to the 8th decimal; 1.5e3 to the hundreds (-2).
        decimals = len(text.partition(".")[2]) - (int(exponent[1:]) if exponent else 0)
        found.append((value, decimals))

    comma_decimal = language.split("-")[0].lower() in DECIMAL_COMMA_LANGUAGES
    separators = re.findall(r"[.,]", digits)
    if not separators:
        add(digits)
    elif len(separators) == 1:
        whole, separator, fraction = re.split(r"([.,])", digits)
        if separator == "," and (comma_decimal or spaced):
            add(f"{whole}.{fraction}")
        elif separator == ",":
            if len(fraction) == 3:
                add(whole + fraction)  # 11,440 in English prose: thousands
        else:
            add(f"{whole}.{fraction}")  # a decimal point (or a version such as 2.14)
            if comma_decimal and len(fraction) == 3 and not spaced:
                add(whole + fraction)  # 1.000 in Portuguese prose: thousands
    else:
        groups = re.split(r"[.,]", digits)
        # 11,440,707 (English) or 11.440.707 (Portuguese): thousands; other shapes are versions.
        if len(set(separators)) == 1 and all(len(group) == 3 for group in groups[1:]):
            add("".join(groups))
        elif not comma_decimal and set(separators[:-1]) == {","} and separators[-1] == ".":
            add("".join(groups[:-1]) + "." + groups[-1])
    return found


def _layout(source: str | PageLayout) -> PageLayout:
    return source if isinstance(source, PageLayout) else scan_layout(source)


def _scan(source: str | PageLayout) -> tuple[list[tuple[int, str]], list[str]]:
    """Split a page's file (or its one scan) into its prose lines (numbered from 1) and the code it shows.

    The front matter is neither. Code: fenced blocks (also inside lists and
    admonitions) and inline code. Prose: every other line, without HTML
    comments and snippet includes.
    """
    prose: list[tuple[int, str]] = []
    code: list[str] = []
    in_comment = False
    for index, line in _layout(source).outside_fences():
        if isinstance(line, Fence):
            code.append(line.code)
            continue
        code += [match.group(2) for match in _INLINE_CODE.finditer(line)]
        if in_comment:
            if "-->" not in line:
                continue
            line, in_comment = line.partition("-->")[2], False
        while "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" in after:
                line = before + " " + after.partition("-->")[2]
            else:
                line, in_comment = before, True
        if not line.lstrip().startswith("--8<--"):
            prose.append((index + 1, line))
    return prose, code


def prose_lines(source: str | PageLayout) -> Iterable[tuple[int, str]]:
    """The prose of a page's Markdown file, line by line with its number, code and markup removed.

    Skipped: the front matter, fenced code blocks (also inside lists and
    admonitions), snippet includes, HTML comments; removed from each line:
    inline code, link targets, attribute lists, HTML tags, URLs and the number
    of an ordered list item.
    """
    for number, line in _scan(source)[0]:
        for pattern in _NOT_PROSE:
            line = pattern.sub(" ", line)
        yield number, _ORDERED_ITEM.sub(r"\1", line)


def prose_numbers(source: str | PageLayout, language: str) -> list[ProseNumber]:
    """The numbers a page's prose writes and the check reads (see the module docstring for what it leaves out).

    Args:
        source: The page's Markdown file, front matter included (line numbers count from its first line).
        language: The page's language (``pt-BR``, ``en``): it decides what ``0,5`` and ``1,000`` mean.
    """
    found: list[ProseNumber] = []
    for line_number, line in prose_lines(source):
        for match in _PROSE_NUMBER.finditer(line):
            number, exponent, percent = match["number"], match["exponent"] or "", bool(match["percent"])
            readings = _readings(number, exponent, language)
            if not readings:
                continue
            if (
                not percent
                and not exponent
                and all(
                    decimals == 0 and (value <= SMALLEST_CHECKED or (len(number) == 4 and value in YEARS))
                    for value, decimals in readings
                )
            ):
                continue
            text = match.group(0).strip()
            found.append(
                ProseNumber(
                    line_number,
                    text,
                    tuple(value for value, _ in readings),
                    tuple(decimals for _, decimals in readings),
                    percent,
                )
            )
    return found


def shown_numbers(texts: Iterable[str]) -> list[float]:
    """Every number in outputs and code: ``0.9317``, ``11,179,077`` and ``11 179 077``, ``6.1e-05``, ``2.14.1`` (2.14 and 1)."""
    values: set[float] = set()
    for text in texts:
        for match in _GROUPED.finditer(text):
            values.add(float(re.sub(f"[,{_GROUP_SPACES}]", "", match.group(0))))
        for match in _PLAIN.finditer(text):
            value = float(match.group(0))
            if math.isfinite(value):
                values.add(value)
    return sorted(values)


def code_texts(source: str | PageLayout) -> list[str]:
    """The code a page's Markdown shows: its fenced blocks and its inline code."""
    return _scan(source)[1]


def is_traced(number: ProseNumber, shown: Sequence[float]) -> bool:
    """Whether a value the page shows (sorted, as :func:`shown_numbers` gives them), rounded to the digits the prose writes, is this number.

    ``0,93`` is traced by any value from 0.925 to 0.935; ``83 %`` by 0.825 to
    0.835 (a fraction) or by 82.5 to 83.5; ``6e-8`` by 5.5e-8 to 6.5e-8.
    """
    for reading, decimals in zip(number.readings, number.decimals, strict=True):
        half_step = 0.5 * 10.0**-decimals
        ranges = [(reading, half_step)]
        if number.percent:
            ranges.append((reading / 100, half_step / 100))
        for centre, step in ranges:
            reach = step + 1e-9 * max(1.0, centre)
            first = bisect.bisect_left(shown, centre - reach)
            if first < len(shown) and shown[first] <= centre + reach:
                return True
    return False


def cited_keys(meta: Mapping, page: str) -> set[str]:
    """The numbers a page's ``cited_numbers`` front matter names, written as :attr:`ProseNumber.key` writes them.

    Raises:
        NumbersError: ``cited_numbers`` is not a mapping of numbers to the reason each is cited.
    """
    cited = meta.get("cited_numbers")
    if cited is None:
        return set()
    if not isinstance(cited, Mapping):
        raise NumbersError(
            f'{page}: cited_numbers must map each number to where it comes from ("2023": MXNet retired), '
            f"not {type(cited).__name__}"
        )
    keys: set[str] = set()
    for number, why in cited.items():
        if not isinstance(why, str) or not why.strip():
            raise NumbersError(f"{page}: cited_numbers: {number!r} needs the reason it is cited (where it comes from)")
        keys.add(re.sub(f"[{_GROUP_SPACES}]", "", str(number)))
    return keys


@dataclass(frozen=True)
class NumbersReport:
    """What the check found on one page.

    Attributes:
        untraced: Prose numbers neither shown by the page nor cited, in page order.
        unused: Numbers ``cited_numbers`` names that the prose no longer writes.
        machine_digits: The untraced numbers that only a ``digits="machine"`` block prints.
    """

    untraced: tuple[ProseNumber, ...]
    unused: tuple[str, ...]
    machine_digits: tuple[ProseNumber, ...] = ()


def version_keys(source: str | PageLayout, language: str) -> set[str]:
    """The versions a page's prose writes: in a language with decimal commas, the numbers written ``2.6``.

    Portuguese prose writes its decimals ``0,93``, so ``PyTorch 2.6``, ``torchvision
    0.13`` and ``Python 3.14`` are what it writes with a point. The English
    edition writes both with a point: it takes its versions from the Portuguese page.
    """
    return _versions(prose_numbers(source, language), language)


def _versions(numbers: Iterable[ProseNumber], language: str) -> set[str]:
    """The numbers written ``2.6`` in prose of a decimal-comma language (see :func:`version_keys`)."""
    if language.split("-")[0].lower() not in DECIMAL_COMMA_LANGUAGES:
        return set()
    return {number.key for number in numbers if number.dotted}


def check_page(
    source: str | PageLayout,
    language: str,
    meta: Mapping,
    shown_texts: Iterable[str],
    page: str,
    versions: Iterable[str] = (),
    machine_texts: Iterable[str] = (),
) -> NumbersReport:
    """Check one page: every number of its prose is shown by its outputs or code, or cited in its front matter.

    Args:
        source: The page's Markdown file.
        language: Its language.
        meta: Its front matter.
        shown_texts: Its executed blocks' outputs and code, and whatever else it shows as output (the stamp).
        page: The page's path, for error messages.
        versions: Numbers that are versions, from the page of the same text in a decimal-comma
            language (:func:`version_keys`); the page's own are added when it is in one.
        machine_texts: The outputs of its ``digits="machine"`` blocks: they trace no number,
            and the report names the untraced numbers they print (:attr:`NumbersReport.machine_digits`).

    Raises:
        NumbersError: The front matter's ``cited_numbers`` is malformed.
    """
    source = _layout(source)  # scanned once for the prose and the code
    cited = cited_keys(meta, page)
    numbers = prose_numbers(source, language)
    left_out = cited | set(versions) | _versions(numbers, language)
    shown = shown_numbers([*shown_texts, *code_texts(source)])
    untraced = tuple(number for number in numbers if number.key not in left_out and not is_traced(number, shown))
    unused = tuple(sorted(cited - {number.key for number in numbers}))
    machine = shown_numbers(machine_texts)
    return NumbersReport(untraced, unused, tuple(number for number in untraced if is_traced(number, machine)))


def warn_untraced_numbers(
    layout: PageLayout,
    pt_layout: PageLayout | None,
    language: str,
    meta: Mapping,
    shown_texts: Iterable[str],
    page: str,
    default_language: str,
    machine_texts: Iterable[str] = (),
) -> NumbersReport | None:
    """Check a page of the site and warn (failing the strict build) about each number its prose neither shows nor cites.

    Imported pages (``source_file``) keep their source's words and are not
    checked; a page whose numbers another tool measured says which in
    ``numbers_measured_by``. The English page of a pt-BR one takes its versions
    from it (:func:`version_keys`).

    Args:
        layout: The page's file, scanned (:func:`~tocha.examples.page_model.scan_layout`).
        pt_layout: For a page of another edition, its pt-BR page's (``None``: it has none).
        language: Its edition's language.
        meta: Its front matter.
        shown_texts: Its executed blocks' code and outputs, and the stamp's words.
        page: Its path under ``docs/``, for the warnings.
        default_language: The pt-BR edition's language, where the versions are read.
        machine_texts: The outputs of its ``digits="machine"`` blocks (see :func:`check_page`).

    Returns:
        The report, or ``None`` for a page that is not checked.

    Raises:
        NumbersError: ``cited_numbers`` or ``numbers_measured_by`` is malformed.
    """
    if meta.get("source_file"):
        return None
    measured_by = meta.get("numbers_measured_by")
    if measured_by is not None:
        if not isinstance(measured_by, str) or not measured_by.strip():
            raise NumbersError(f"page {page}: numbers_measured_by must name the tool that measured its numbers")
        return None
    versions = version_keys(pt_layout, default_language) if pt_layout is not None else set()
    found = check_page(layout, language, meta, shown_texts, page, versions, machine_texts)
    for number in found.machine_digits:
        log.warning(
            'page %s, line %d: the prose writes %s, which only a block marked digits="machine" prints: on another '
            "processor it prints other digits, and this build would fail there; say what its output shows "
            "without citing those digits",
            page,
            number.line,
            number.text,
        )
    for number in found.untraced:
        if number in found.machine_digits:
            continue
        log.warning(
            "page %s, line %d: the prose writes %s, which no executed block of the page prints and its code "
            "does not show: print it from an example, or list it under cited_numbers in the front matter "
            "with where it comes from",
            page,
            number.line,
            number.text,
        )
    for key in found.unused:
        log.warning("page %s: cited_numbers lists %s, which the prose does not write", page, key)
    return found
