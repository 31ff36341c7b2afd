"""The first-person narrator: whether the story is told by "I", who that is,
and what the others call them.

A story is told in the first person when its narration says I, me and my
often (weights.FIRST_PERSON_PER_1000). A listed character with the alias
"I" is the narrator; otherwise the narrator is a person of their own,
named after the decisions from the names the others address them by in the
turns around theirs, when one really is a name (not "Sir", not "Rubbish!").
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Character, Segment
from . import weights as w
from .names import Form, Person, Roster, parse
from .tags import Tag
from .vocabulary import HONORIFICS, NOT_NAMES

NARRATOR = "Narrator"
NARRATOR_ALIASES = ("i", "narrator", "the narrator")  # a listed character's alias that marks them as the narrator
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself|mine)\b")
_WORD = re.compile(r"\w+")


def narrator_character(known: Sequence[Character]) -> Character | None:
    """The listed character with the alias "I" (or "Narrator"), if any."""
    return next((c for c in known if any(a.casefold() in NARRATOR_ALIASES for a in (c.name, *c.aliases))), None)


def find_narrator(text: str, segments: list[Segment], roster: Roster, tags: dict[int, Tag],
                  character: Character | None) -> tuple[int | None, int | None]:
    """(the narrator's person id, the listed character that is the narrator).

    The narrator is a person of their own, with no name yet, when a character
    is listed with the alias "I" (``character``, from ``narrator_character``),
    the story is told in the first person or a tag says "I said"; None
    otherwise. A listed narrator takes the narrator's turns only at the end
    (passes.name_narrator), and their names are looked up only then
    (names.Roster's ``unnamed``), so that listing them moves nobody else's
    lines: the passes run as they would without the list."""
    listed = next((pid for pid, p in enumerate(roster.people) if character and p.known is character), None)
    if listed is not None or any(tag.kind == "pronoun" and tag.who == "I" for tag in tags.values()) \
            or first_person(text, segments):
        roster.people.append(Person())
        return len(roster.people) - 1, listed
    return None, None


def first_person(text: str, segments: list[Segment]) -> bool:
    narration = [text[s.start:s.end] for s in segments if s.kind == "narration" and s.text]
    words = sum(len(_WORD.findall(piece)) for piece in narration)
    said = sum(len(_FIRST_PERSON.findall(piece)) for piece in narration)
    return words > 0 and said * 1000 / words >= w.FIRST_PERSON_PER_1000


def is_a_name(form: Form, words: Counter) -> bool:
    """Whether what someone is called could be a name: no bare title ("Sir",
    "Mademoiselle"), no word the story also writes in lower case ("Rubbish!",
    "Surely,")."""
    return all(word not in NOT_NAMES and word not in HONORIFICS and words[word] * 10 <= words[word.title()]
               for word in form.words)


_SELF_NAMED = re.compile(r"\b(?:[Cc]all me|[Mm]y name (?:is|was)|I am called|I was called|they called me)\s+"
                         r"(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)")
SELF_NAMED_VOTES = 3  # "Call me Tom", in the narrator's own words, counts as three others calling them so


def self_named(text: str, segments: list[Segment], roster: Roster, quotes: set[int]) -> Counter:
    """What the narrator says they are called, in the narration or in their own
    quotations (``quotes``): votes for a person or a form."""
    votes: Counter = Counter()
    for i, seg in enumerate(segments):
        if seg.kind == "narration" or i in quotes:
            for m in _SELF_NAMED.finditer(text, seg.start, seg.end):
                if (form := parse(m.group("name"))) is not None:
                    pid = roster.lookup(form.text)
                    votes[form if pid is None else pid] += SELF_NAMED_VOTES
    return votes


def narrator_name(votes: Counter, roster: Roster, words: Counter, lines: Counter) -> Form | int | None:
    """The name the narrator is called by most, if it is called so often enough
    and more often than any other: a person of the roster, or a form. A person
    whom tags name as speaking (``lines``: the narrator is "I" in tags) is
    someone else, whom the narrator talks to."""
    def eligible(choice) -> bool:
        if isinstance(choice, Form):
            return is_a_name(choice, words)
        person = roster.people[choice]
        return lines[choice] < w.NARRATOR_VOTES and any(is_a_name(f, words) for f in person.forms)

    names = Counter({choice: n for choice, n in votes.items() if eligible(choice)})
    ranked = names.most_common(2)
    if not ranked or ranked[0][1] < w.NARRATOR_VOTES or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def unnamed_narrator() -> Form:
    return parse(NARRATOR)
