"""Choose the speakers of one conversation's turns together.

Each turn comes with evidence for its candidates (a speech tag, a pronoun's
gender, a name it addresses...). Turn-taking links neighbouring turns: the
speaker usually changes from one paragraph to the next and often returns to
the one before (A, B, A, B). The best sequence under both is found by
dynamic programming over (previous speaker, speaker) pairs, so one strong
tag fixes the turns around it in both directions. Narration between two
turns loosens the link (weights.TURN_TAKING_GAP).
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence

from . import weights as w


def best_sequence(candidates: Sequence[Hashable], evidence: Sequence[dict],
                  continued: Sequence[bool], gaps: Sequence[int] = ()) -> list:
    """The candidate per turn maximising evidence plus turn-taking.

    ``evidence[i]`` maps a candidate to its score for turn i (missing = 0);
    ``continued[i]`` says turn i carries on turn i-1's quotation; ``gaps[i]``
    is how many words of narration part it from turn i-1: the longer, the
    likelier the same one speaks again, so the less turn-taking counts.
    """
    if not evidence:
        return []
    start = None
    # scores[(previous, current)] = (total, back-pointer key)
    scores = {(start, p): (evidence[0].get(p, 0.0), None) for p in candidates}
    history = [scores]
    for i in range(1, len(evidence)):
        nxt = {}
        for p in candidates:
            gain = evidence[i].get(p, 0.0)
            for (r, q), (total, _) in scores.items():
                step = total + gain + _link(r, q, p, continued[i], gaps[i] if gaps else 0)
                key = (q, p)
                if key not in nxt or step > nxt[key][0]:
                    nxt[key] = (step, (r, q))
        scores = nxt
        history.append(scores)
    key = max(scores, key=lambda k: scores[k][0])
    out = []
    for level in reversed(history):
        out.append(key[1])
        key = level[key][1]
    return out[::-1]


def _link(before_last, last, current, continued: bool, gap: int) -> float:
    if continued:
        return w.CONTINUED if current == last else 0.0
    score = w.CHANGE if current != last else 0.0
    if before_last is not None and current == before_last and current != last:
        score += w.RETURN
    return score * turn_taking_weight(gap)


def turn_taking_weight(gap: int) -> float:
    """How much turn-taking counts across ``gap`` words of narration: fully up to
    weights.TURN_TAKING_GAP words, then less the longer the narration."""
    return min(1.0, w.TURN_TAKING_GAP / gap) if gap else 1.0
