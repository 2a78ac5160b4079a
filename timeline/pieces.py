"""Pieces of pages and data files kept between builds: what the whole-corpus files show of
one record (``overview``). Each is keyed by a digest of everything it is made from, so a
piece whose key the last build left is that build's piece, as it would be made now.
"""
from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence

Piece = str | bytes  # a rendered part of a page (text) or of a data file (UTF-8)


def flat(pieces: Mapping[str, Piece] | None) -> dict[str, Piece]:
    """``pieces`` as one dict: tens of thousands of look-ups in a ``ChainMap`` each go
    through Python code, while its maps merged once cost a millisecond."""
    if pieces is None:
        return {}
    if isinstance(pieces, dict):
        return pieces
    if isinstance(pieces, ChainMap):
        merged: dict[str, Piece] = {}
        for layer in reversed(pieces.maps):  # the first map's value wins
            merged.update(flat(layer))
        return merged
    return dict(pieces)


def found(pieces: Mapping[str, Piece] | None, keys: Sequence[str]) -> list[Piece | None]:
    """The piece of each key, None where ``pieces`` has none. A ``ChainMap``'s biggest,
    last map is looked up whole and the others only for what they hold: merged first,
    every piece would be touched, not only the ones asked for."""
    if pieces is None:
        return [None] * len(keys)
    layers = list(reversed(pieces.maps)) if isinstance(pieces, ChainMap) else [pieces]
    result: list[Piece | None] = list(map(flat(layers[0]).get, keys))
    if len(layers) > 1:
        position = {key: index for index, key in enumerate(keys)}
        for layer in layers[1:]:  # each over the ones before it
            for key, piece in flat(layer).items():
                if (index := position.get(key)) is not None:
                    result[index] = piece
    return result


class Pieces:
    """The last build's pieces, and the ones this build uses (to keep for the next)."""

    def __init__(self, last: Mapping[str, Piece] | None) -> None:
        self.last = flat(last)
        self.used: dict[str, Piece] = {}
        self.made: dict[str, Piece] = {}  # the used ones the last build did not leave

    def many(self, keys: Sequence[str] | None, make: Callable[[list[int]], Sequence[Piece]], count: int) -> list[Piece]:
        """The pieces of ``keys`` in order: the last build's, and for the others, by their
        positions, what ``make(positions)`` returns (one call: it can share the work out).
        With no keys, all ``count`` are made and none kept. ``keys`` are distinct, and no
        other call asks for them."""
        if keys is None:
            return list(make(list(range(count))))
        found: list[Piece | None] = list(map(self.last.get, keys))
        if None in found:
            missing = [index for index, piece in enumerate(found) if piece is None]
            for index, piece in zip(missing, make(missing)):
                found[index] = self.made[keys[index]] = piece
        self.used.update(zip(keys, found))
        return found  # type: ignore[return-value]  # every None was filled in
