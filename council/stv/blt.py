"""Reading and writing ballots in the BLT format (OpenSTV, Droop, ERS and others use it), with
the limits that keep an uploaded file from taking the server's time or memory. No Django import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BltElection:
    """An election in the BLT format used by OpenSTV, Droop, ERS and others."""

    candidates: list[str]
    seats: int
    ballots: Counter[tuple[str, ...]]
    withdrawn: list[str] = field(default_factory=list)
    title: str = ""
    # (line number, weight) of every ballot line, in the file's order.
    weights: list[tuple[int, int]] = field(default_factory=list)


class BltError(ValueError):
    """A BLT file that cannot be read; the message says where, in plain English.

    A file refused for going past one of ``parse_blt``'s limits also carries ``code`` (which
    limit), ``line`` and ``params`` (the numbers in the message), so a caller can say the
    same thing in its own words and language.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        line: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.params = dict(params or {})


# Whole numbers in a BLT file are ASCII digits and nothing else. ``int()`` alone would also
# take "+3", " 3", "1_000" and digits of other scripts ("٣"), and ``str.isdigit()`` is true
# for "²", which ``int()`` then refuses.
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
# A number with more digits than this is more papers than there have ever been people; it
# is refused, never converted (a 10,000-digit one would take time and, past 4,300 digits,
# make ``int()`` raise).
_MAX_DIGITS = 30


def _whole(token: str) -> int | None:
    """The value of an ASCII whole number, or None; one of over 30 digits counts as 10**30."""
    if not _WHOLE.fullmatch(token):
        return None
    if len(token) > _MAX_DIGITS:
        return 10**_MAX_DIGITS
    return int(token)


def _blt_tokens(text: str) -> Iterator[tuple[int, str]]:
    """(line number, token) one at a time, dropping ``#`` comments; quoted strings stay whole.

    A generator, so a large file is never held as a list of millions of tokens.
    """
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        i = 0
        while i < len(line):
            ch = line[i]
            if ch.isspace():
                i += 1
            elif ch == "#":
                break
            elif ch == '"':
                end = line.find('"', i + 1)
                if end == -1:
                    raise BltError(f"Line {number}: a name has no closing quote mark.")
                yield number, line[i : end + 1]
                i = end + 1
            else:
                j = i
                while j < len(line) and not line[j].isspace() and line[j] != "#":
                    j += 1
                yield number, line[i:j]
                i = j


class _TokenStream:
    """The tokens with one of lookahead."""

    def __init__(self, text: str) -> None:
        self._tokens = _blt_tokens(text)
        self._next = next(self._tokens, None)

    def peek(self) -> tuple[int, str] | None:
        return self._next

    def take(self) -> tuple[int, str] | None:
        current = self._next
        if current is not None:
            self._next = next(self._tokens, None)
        return current


def parse_blt(
    text: str,
    *,
    max_candidates: int | None = None,
    max_ballot_lines: int | None = None,
) -> BltElection:
    """Read a BLT file.

    Supported: a weight at the start of each ballot line (``3 1 2 0`` is three papers),
    withdrawn candidates as negative numbers after the first line, equal preferences written
    ``2=3`` (the paper stops before them), ``-`` for a skipped preference (the paper stops
    there), an optional ballot id in brackets, ``#`` comments, quoted names and a title.

    Reading is streamed and papers are never expanded: identical rankings are added up as
    they are read, so memory grows with the number of *different* rankings, not with the
    weights (a weight of 10**20 costs no more than a weight of 1). ``weights`` keeps each
    ballot line's number and weight, so a caller can hold them against its own limit and
    name the line. The optional limits refuse a file as soon as it goes past them, naming the
    line: ``max_candidates`` (the first line's number) and ``max_ballot_lines``. Without
    them (the offline ``stv_count``) any size is read.
    """
    tokens = _TokenStream(text)
    first = tokens.peek()
    if first is None:
        raise BltError("The file is empty or too short to be a BLT file.")

    def take_int(what: str) -> tuple[int, int]:
        item = tokens.take()
        if item is None:
            raise BltError(f"The file ends where {what} should be.")
        line, tok = item
        value = _whole(tok)
        if value is None:
            raise BltError(f"Line {line}: expected {what}, found {tok[:40]!r}.")
        return line, value

    line_candidates, n_candidates = take_int("the number of candidates")
    if tokens.peek() is None:
        raise BltError("The file is empty or too short to be a BLT file.")
    _, seats = take_int("the number of seats")
    if n_candidates < 1 or seats < 1:
        raise BltError("Line 1: there must be at least one candidate and one seat.")
    if max_candidates is not None and n_candidates > max_candidates:
        raise BltError(
            f"Line {line_candidates}: the file has {_shown(n_candidates)} candidates; "
            f"the most it can have is {max_candidates}.",
            code="candidates",
            line=line_candidates,
            params={"n": _shown(n_candidates), "limit": max_candidates},
        )
    withdrawn_numbers: list[int] = []
    while (item := tokens.peek()) is not None and item[1].startswith("-"):
        number = _whole(item[1][1:])
        if number is None:
            raise BltError(
                f"Line {item[0]}: a withdrawn candidate is a minus sign and their number, "
                f"like -2; found {item[1][:40]!r}."
            )
        if not 1 <= number <= n_candidates:
            raise BltError(f"Withdrawn candidate {_shown(number)} does not exist.")
        withdrawn_numbers.append(number)
        tokens.take()
    # Rankings as candidate numbers, added up as they are read.
    grouped: Counter[tuple[int, ...]] = Counter()
    weights: list[tuple[int, int]] = []
    ballot_lines = 0
    while True:
        item = tokens.take()
        if item is None:
            raise BltError("The file ends before the 0 that closes the ballots.")
        line, tok = item
        if tok.startswith("("):
            continue  # an optional ballot id, e.g. "(a17)"
        if tok == "0":
            break
        if tok.startswith("-") and _whole(tok[1:]) is not None:
            raise BltError(f"Line {line}: a weight cannot be negative.")
        weight = _whole(tok)
        if weight is None:
            raise BltError(f"Line {line}: a ballot must start with a whole number weight.")
        if len(tok) > _MAX_DIGITS:
            raise BltError(
                f"Line {line}: the weight {_shown(tok)} is far too large to be a number of papers.",
                code="weight",
                line=line,
                params={"weight": _shown(tok)},
            )
        ballot_lines += 1
        if max_ballot_lines is not None and ballot_lines > max_ballot_lines:
            raise BltError(
                f"Line {line}: the file has more than {max_ballot_lines} ballot lines.",
                code="ballot_lines",
                line=line,
                params={"limit": max_ballot_lines},
            )
        weights.append((line, weight))
        ranking: list[int] = []
        stopped = False
        while True:
            mark_item = tokens.take()
            if mark_item is None:
                raise BltError(f"Line {line}: the ballot does not end with 0.")
            _, mark = mark_item
            if mark == "0":
                break
            if stopped:
                continue
            if "=" in mark or mark == "-":
                # Equal or missing preference: the paper is unclear from here on.
                stopped = True
                continue
            number = _whole(mark)
            if number is None:
                raise BltError(f"Line {line}: {mark[:40]!r} is not a candidate number.")
            if not 1 <= number <= n_candidates:
                raise BltError(f"Line {line}: there is no candidate {_shown(number)}.")
            ranking.append(number)
        if weight:
            grouped[tuple(ranking)] += weight
    names: list[str] = []
    for _ in range(n_candidates):
        item = tokens.take()
        if item is None or not item[1].startswith('"'):
            raise BltError(f"The file should name {n_candidates} candidates in quotes.")
        names.append(item[1][1:-1])
    title = ""
    if (item := tokens.peek()) is not None and item[1].startswith('"'):
        title = item[1][1:-1]
    if len(set(names)) != len(names):
        raise BltError("Two candidates have the same name.")
    withdrawn = [names[n - 1] for n in withdrawn_numbers]
    ballots: Counter[tuple[str, ...]] = Counter()
    for numbers, weight in grouped.items():
        ballots[tuple(names[n - 1] for n in numbers)] += weight
    standing = [n for n in names if n not in withdrawn]
    return BltElection(
        candidates=standing,
        seats=seats,
        ballots=ballots,
        withdrawn=withdrawn,
        title=title,
        weights=weights,
    )


def _shown(value: int | str) -> str:
    """A number as a message shows it: at most 30 characters of it."""
    text = str(value)
    return text if len(text) <= _MAX_DIGITS else text[:_MAX_DIGITS] + "…"


def _quote(name: str) -> str:
    return '"' + name.replace('"', "'") + '"'


def write_blt(
    *,
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[Sequence[str]],
    title: str = "",
) -> str:
    """Write one line per paper (weight 1), in the order given, with no ids.

    Callers shuffle the papers first; ``parse_blt(write_blt(...))`` gives back the same
    candidates, seats, title and multiset of rankings.
    """
    index = {name: i + 1 for i, name in enumerate(candidates)}
    lines = [f"{len(candidates)} {seats}"]
    # Each distinct ranking is written out once: 100,000 papers hold a few thousand.
    written: dict[tuple[str, ...], str] = {}
    for ranking in ballots:
        key = tuple(ranking)
        line = written.get(key)
        if line is None:
            line = written[key] = (
                "1 " + " ".join(str(index[c]) for c in key) + (" 0" if key else "0")
            )
        lines.append(line)
    lines.append("0")
    lines.extend(_quote(name) for name in candidates)
    lines.append(_quote(title))
    return "\n".join(lines) + "\n"
