"""Who is in view: the people a "he" or "she" (or "the old man") can mean,
as a reader tracks them while reading on.

``View`` follows the walk through a story: every mention in the narration
and every decided speaker brings a person into view, and a subject of
the narration becomes the topic for their gender; so does one named later,
not as a subject, once the narration's he/she takes them up ("...helping
out Anna. ... she went up the steps": Anna). ``by_gender`` weighs the
clues (weights.PRONOUN_CLUES) for each person in view, less for someone the
story only talks about (Scene.unheard), and never picks the one the
quotation speaks to.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from . import weights as w
from .conversation import turn_taking_weight
from .names import NOT_AFTER_TITLE, UPPER
from .scene import Scene, Turn

_SENTENCE_END = re.compile(rf"{NOT_AFTER_TITLE}[.!?][\"'\u201d\u2019]?\s+")


def sentence_start(text: str, start: int, end: int) -> int:
    """Where the last sentence of text[start:end] begins (a title's full stop ends none)."""
    found = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() < end:
            found = m.end()
    return found


OPENING_SUBJECT = re.compile(rf"(?:(?:as|while|when|and)\s+)?(?:(?P<pronoun>[Hh]e|[Ss]he)\b|{UPPER})")


@dataclass
class View:
    scene: Scene
    recent: list[int] = field(default_factory=list)  # people in the order they came into view
    topic: dict[str | None, int] = field(default_factory=dict)  # gender -> the last subject of it
    heard: dict[str | None, tuple[int, int]] = field(default_factory=dict)  # gender -> (where, who) a tag last heard
    named: dict[str | None, tuple[int, int]] = field(default_factory=dict)  # gender -> (where, who) last named
    _next: int = 0  # the next narration mention not yet seen

    def read_to(self, offset: int) -> None:
        """Take in the narration's mentions up to ``offset``."""
        mentions = self.scene.mentions
        while self._next < len(mentions) and mentions[self._next].offset < offset:
            m = mentions[self._next]
            self.see(m.person, m.subject)
            self.named[self.scene.roster.people[m.person].gender()] = (m.offset, m.person)
            self._next += 1

    def see(self, person: int, subject: bool = True) -> None:
        self.recent.append(person)
        if subject:
            self.topic[self.scene.roster.people[person].gender()] = person

    def hear(self, person: int, offset: int) -> None:
        """A tag showed ``person`` speaking up to ``offset``: while their he/she tags go on,
        nobody of their gender is stale, though no name is written."""
        self.heard[self.scene.roster.people[person].gender()] = (offset, person)


class Pick(NamedTuple):
    person: int | None
    rivals: int  # people of that gender in the running
    margin: float  # clue points the pick led the next one by (infinite with no other)


def by_gender(scene: Scene, view: View, turn: Turn, offset: int, gender: str | None, speakers: list[int | None],
              exclude: frozenset[int] | set[int] = frozenset(), previous: int | None = None) -> Pick:
    """The person a pronoun (or description) at ``offset`` in ``turn`` points at,
    how many people of that gender were in the running, and by how much it won.

    ``speakers`` are the speakers of the exchange's earlier turns, oldest first;
    ``previous`` is the speaker of the turn just before, in any exchange.
    """
    clue = w.PRONOUN_CLUES
    scores: Counter = Counter()
    in_paragraph = list(scene.mentions_between(turn.start, offset))
    seen: list[int] = []
    for pid in reversed(view.recent[-w.RECENT_WINDOW:] + [m.person for m in in_paragraph]):
        if pid not in seen:
            seen.append(pid)
    for rank, pid in enumerate(seen[:w.RECENT_RANKS]):
        scores[pid] += clue["recent"] / (1 + rank)
    first_subject = True
    for m in in_paragraph:
        scores[m.person] += clue["in paragraph"]
        if m.subject and first_subject and scene.fits(m.person, gender):
            scores[m.person] += clue["paragraph subject"]
            first_subject = False
    lead_in = lead_in_subject(scene, turn, gender)
    if lead_in is not None and not in_paragraph:
        scores[lead_in] += clue["lead-in subject"]
    introduced = lead_in_last(scene, turn, gender)
    if introduced is not None and not in_paragraph:
        scores[introduced] += clue["lead-in last"]
    last_turn = scene.turn_before(turn)
    last_speaker = speakers[-1] if speakers else None
    if last_turn is not None:
        for pid in last_turn.addressed:
            if pid != last_speaker:
                scores[pid] += clue["addressed before"]
    gap = scene.narration_words(last_turn, turn) if last_turn is not None else 0
    loose = turn_taking_weight(gap)  # narration between: turn-taking counts for less
    expected = expected_speaker(speakers)
    if expected is not None:
        scores[expected] += clue["turn-taking"] * loose
    for earlier in speakers[-8:]:
        if earlier is not None and earlier != last_speaker:
            scores[earlier] += clue["in conversation"]
    if (topic := _topic(scene, view, gender, offset)) is not None:
        scores[topic] += clue["topic"]
    protagonist = scene.protagonists.get(gender) if gender else None
    if protagonist is not None and _unnamed_for(scene, gender, offset) > w.STALE:
        heard_at, heard = view.heard.get(gender, (0, None))  # ... or the one a tag just heard, if any
        scores[heard if heard is not None and turn.start - heard_at <= w.STALE else protagonist] += w.PROTAGONIST
    for pid in turn.named & scores.keys():
        scores[pid] -= w.NAMED_INSIDE
    if last_speaker is not None:
        scores[last_speaker] += clue["last speaker"] * loose
    elif previous is not None:
        scores[previous] += clue["resumes"]
    best, best_score, second, rivals = None, -math.inf, -math.inf, 0
    for pid, score in scores.items():
        if pid == scene.narrator or pid in exclude or pid in turn.addressed:
            continue
        if not scene.fits(pid, gender, strict=False):
            continue
        rivals += 1
        if not scene.fits(pid, gender):
            score -= w.UNSURE_GENDER
        if pid in scene.unheard:
            score -= w.UNHEARD
        if score > best_score:
            best, best_score, second = pid, score, best_score
        elif score > second:
            second = score
    return Pick(best, rivals, best_score - second)


_SENTENCE_LOOKBACK = 400  # characters looked back for the start of the sentence that names someone
_PRONOUN_OF = {"male": re.compile(r"\b[Hh]e\b"), "female": re.compile(r"\b[Ss]he\b")}


def _topic(scene: Scene, view: View, gender: str | None, offset: int) -> int | None:
    """Whom the narration is about, of ``gender``, at ``offset``: the last subject,
    or someone named after it whom a he/she of the narration has taken up since,
    unless they were named in a sentence a he/she of theirs was already about
    ("She read Jane's letter, and she smiled": still the topic)."""
    topic = view.topic.get(gender)
    at, named = view.named.get(gender, (0, None))
    if named is None or named == topic or gender not in _PRONOUN_OF:
        return topic
    if _narration_says(scene, gender, sentence_start(scene.text, max(0, at - _SENTENCE_LOOKBACK), at), at):
        return topic
    return named if _narration_says(scene, gender, at, offset) else topic


def _narration_says(scene: Scene, gender: str, start: int, end: int) -> bool:
    """Whether the narration between ``start`` and ``end`` says he (or she, by ``gender``)."""
    for m in _PRONOUN_OF[gender].finditer(scene.text, start, end):
        i = bisect.bisect_right(scene.segments, m.start(), key=lambda seg: seg.start) - 1
        if scene.segments[i].kind == "narration":
            return True
    return False


def expected_speaker(speakers: list[int | None]) -> int | None:
    """Who speaks next by turn-taking: the one before the last speaker (A, B, A)."""
    if len(speakers) >= 2:
        a, b = speakers[-2], speakers[-1]
        if a is not None and b is not None and a != b:
            return a
    return None


def lead_in_subject(scene: Scene, turn: Turn, gender: str | None) -> int | None:
    """The first subject of that gender in a narration paragraph just before the turn."""
    prev = _paragraph_before(scene, turn)
    if prev is None:
        return None
    for m in scene.mentions_between(prev.start, prev.end):
        if m.subject and scene.fits(m.person, gender):
            return m.person
    return None


def lead_in_last(scene: Scene, turn: Turn, gender: str | None) -> int | None:
    """The last person of that gender a narration paragraph just before the turn
    names, when its last sentence is about someone else ("...she was overtaken
    by Tom." / "'Ah,' said he"): the one it brings on; or, when that sentence
    opens with the he/she ("...turned to Mr. Grey, who had come up. He asked,"),
    the last one named before it."""
    lead_in = _lead_in(scene, turn)
    if lead_in is None:
        return None
    prev, start, pronoun = lead_in
    if pronoun and pronoun_gender(pronoun) == gender:  # "...to Mr. Grey, who had come up. He asked,": Mr. Grey
        end = start
    elif any(m.subject and scene.fits(m.person, gender) for m in scene.mentions_between(start, prev.end)):
        return None
    else:
        end = prev.end
    last = None
    for m in scene.mentions_between(prev.start, end):
        if scene.fits(m.person, gender):
            last = m.person
    return last


def _lead_in(scene: Scene, turn: Turn):
    """The narration paragraph right before the turn, where its last sentence
    starts, and the he/she opening that sentence (None when none does)."""
    prev = _paragraph_before(scene, turn)
    if prev is None:
        return None
    start = sentence_start(scene.text, prev.start, prev.end)
    opening = OPENING_SUBJECT.match(scene.text, start, prev.end)
    return prev, start, opening.group("pronoun") if opening else None


def _paragraph_before(scene: Scene, turn: Turn):
    """The narration paragraph right before the turn, when it is one segment of its own."""
    i = turn.quotes[0]
    while i > 0 and scene.segments[i - 1].paragraph == turn.paragraph:
        i -= 1
    prev = scene.segments[i - 1] if i > 0 else None
    if prev is None or prev.kind != "narration" or prev.paragraph != turn.paragraph - 1 or \
            (i > 1 and scene.segments[i - 2].paragraph == prev.paragraph):
        return None
    return prev


def last_sentence_subject(scene: Scene, view: View, turn: Turn, speakers: list[int | None]) -> int | None:
    """The subject of the last sentence of a narration paragraph just before the
    turn ("Mary, who had said nothing, put down her cup."), or whom its he/she
    means when it ends leading in ("She turned to him and said:") or has them
    look or turn at someone ("She looked at him gravely."): about to speak."""
    lead_in = _lead_in(scene, turn)
    if lead_in is None:
        return None
    prev, last, pronoun = lead_in
    if pronoun and (scene.text[prev.end - 1] in ",:" or _TOWARDS.search(scene.text, last, prev.end)):
        return by_gender(scene, view, turn, last, pronoun_gender(pronoun), speakers).person
    for mention in scene.mentions_between(last, prev.end):
        if mention.subject and mention.person not in turn.addressed:
            return mention.person
    return None


# A sentence in which its subject turns to someone: "looked at him", "turning towards her".
_TOWARDS = re.compile(r"\b(?:looked|looking|glanced|glancing|turned|turning|gazed|gazing|smiled|smiling|stared|staring)"
                      r"\b[^.!?;]{0,40}?\b(?:at|to|towards|on|upon)\s+(?:him|her|them|me|us)\b")


def pronoun_gender(word: str) -> str | None:
    return {"he": "male", "she": "female"}.get(word.lower())


def _unnamed_for(scene: Scene, gender: str, offset: int) -> int:
    """How many characters back the last name of someone of ``gender`` is (in the narration)."""
    i = bisect.bisect_left(scene.mentions, offset, key=lambda m: m.offset) - 1
    while i >= 0 and not scene.fits(scene.mentions[i].person, gender):
        i -= 1
    return offset - scene.mentions[i].offset if i >= 0 else offset
