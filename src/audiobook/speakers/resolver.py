"""Decide who speaks each quotation.

A paragraph holding quotations is one turn. Its speaker comes, in order of
trust, from: a speech tag next to one of its quotations ("explicit" for a
name, "pronoun" or "description" resolved against the people recently in
view, "relative" for `said his wife` found through the surname,
"first-person" for `I said`); a quotation continued from the previous
paragraph ("continued"); someone named or referred to in the paragraph's own
narration ("context"); the name the previous speaker called them by
("addressed"); the turn-taking of the conversation ("alternation").
Each conversation is then settled as a whole (conversation.py): turn-taking
carries the tagged turns' speakers to the untagged ones in both directions.
Otherwise the speaker is None and ``how`` is "unknown", and the narrator's
voice reads it. A name the quotation itself addresses ("My dear Mr. Bennet")
is never taken as its speaker by the weaker rules.

With no character list, a first-person narrator is named from how others
address them in the turns next to theirs, else "Narrator".
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import Character, Segment
from ..text.segment import continues_previous
from .conversation import best_sequence
from .names import NOT_NAMES, UPPER, Person, Roster, find_names, key, name_forms, parse
from .tags import Tag, description_gender, find_tags
from .vocabulary import (
    PARENT_TITLES,
    PERSON_NOUNS,
    POSSESSIVE_GENDER,
    PRONOUN_GENDER,
    RANK_TITLES,
    RELATIVE_TITLE,
    TITLE_GENDER,
)

NARRATOR = "Narrator"
# "her father": a parent is one person, where "her sister" may be any of several.
_PARENT = re.compile(r"\b(?P<owner>[Hh]is|[Hh]er)\s+(?P<noun>mother|father)\b")
# A conversation is broken by more narration than this between two turns
# (in paragraphs of their own): by any narration paragraph, measured best.
CONVERSATION_GAP_WORDS = 0
# How much each way of deciding a turn counts when a whole exchange is settled.
EVIDENCE = {"explicit": 4.0, "first-person": 4.0, "pronoun": 2.0, "description": 0.5, "relative": 4.0,
            "context": 4.0, "addressed": 0.5, "alternation": 0.0, "continued": 0.0}
FIXED = ("explicit", "first-person")
PARTICIPANTS = 6
# A he/she this many characters after anyone of that gender was last named
# leans to the most mentioned person of the gender (the story's hero or heroine).
STALE = 400
PROTAGONIST = 1.5
# In every turn of an exchange, for each one a speech tag there shows speaking:
# the people of the scene hold the floor against someone only guessed at.
PRESENT = 0.4
TAGGED = ("explicit", "first-person", "relative", "pronoun", "description")
LEAD_IN_PARAGRAPHS = 3  # before an exchange, searched for its participants
GENDER_FITS = 0.5  # for every candidate a turn's he/she fits
ADDRESSED_BEFORE = 2.0  # for the one the previous turn called by name
TITLE_FITS = 0.25  # for a candidate whose gender fits the "Sir" or "Ma'am" the last turn said
# Clues to whom "he" or "she" in a speech tag points at, and their weights.
PRONOUN_CLUES = {"recent": 1.5, "in paragraph": 4.0, "paragraph subject": 6.75, "addressed before": 12.0,
                 "turn-taking": 0.625, "in conversation": 0.25, "topic": 1.0, "last speaker": -1.0,
                 "resumes": 1.0,  # the last speaker before a narration paragraph
                 "lead-in subject": 1.0}  # the subject of a narration paragraph just before
NAMED_INSIDE = 4.0  # against a candidate the quotation itself speaks of
# A paragraph saying the one spoken to did not answer: whoever spoke goes on.
_SILENCE = re.compile(r"(?:He|She)\s+(?:made no (?:answer|reply)|was silent|said nothing|did not answer)"
                      r"[^.!?\"\u201c]*[.!?]")
_OPENING_SUBJECT = re.compile(rf"(?:(?:as|while|when|and)\s+)?(?:(?P<pronoun>[Hh]e|[Ss]he)\b|{UPPER})")
_SUBJECT_BEFORE = re.compile(r"(?:^|[.!?;:\u2014]\s*[\"'\u201d\u2019]?\s*"
                             r"|\b(?i:and|but|when|while|as|then|though|although|whilst|till|until|so)\s+)$")
_VOCATIVE_NAME = (r"(?P<name>(?:(?:Mr|Mrs|Dr|Ms)\.?\s+|(?:Miss|Lady|Sir|Lord|Colonel|Captain|Aunt|Uncle)\s+)?"
                  rf"{UPPER}[\w'-]*\w(?:\s+{UPPER}[\w'-]*\w)?)")
# A name said to someone: "Lizzy, ...", "My dear Mr. Bennet, ...", "..., Mr. Darcy."
_VOCATIVE = re.compile(
    rf"(?:^|\b(?:dear|dearest|oh|O)\s+){_VOCATIVE_NAME}(?=\s*[,!?])"
    rf"|[,;]\s+(?:my\s+)?(?:dear\s+)?{_VOCATIVE_NAME.replace('<name>', '<name2>')}(?=\s*(?:[,.!?;]|$))"
)


# "this butler, Lal Rao, whom we have not seen": a name in apposition, not said to anyone.
_APPOSITION = re.compile(rf"\b(?:{'|'.join(sorted(PERSON_NOUNS))})\s*,\s*$")
_RELATIVE_CLAUSE = re.compile(r"\s*,\s*(?:who|whom|whose)\b")


# Words a speaker calls someone by that tell the addressee's gender: "Yes, Ma'am."
_TITLE_VOCATIVE = re.compile(r"(?:^|[,;!?]\s*|\b(?:dear|good|my)\s+)(?P<title>sir|madam|ma'am|mama|mamma|papa|"
                             r"lord|lady|miss|uncle|aunt|mother|father)(?=\s*[,.!?;]|$)", re.IGNORECASE)
_SAID_TO = re.compile(rf"\b(?:said|cried|replied|answered|whispered|called|exclaimed|added)"
                      rf"\s+(?:[a-z]+ly\s+)?to\s+{_VOCATIVE_NAME}")
_YOUR_RANK = re.compile(r"\byour\s+(ladyship|lordship)\b", re.IGNORECASE)
_THE_ADJECTIVE = re.compile(r"\bthe\s+[a-z]+\s+$")


@dataclass
class Turn:
    """One paragraph's quotations and what decided their speaker."""

    paragraph: int
    quotes: list[int]  # indexes into the segment list
    speaker: int | None = None  # person id
    how: str = "unknown"
    addressed: set = field(default_factory=set)  # person ids named as addressees
    named: set = field(default_factory=set)  # person ids spoken of inside the quotations
    called: list = field(default_factory=list)  # every name used to address someone
    addressee_gender: str | None = None  # from "Sir" or "Ma'am" said to them
    conversation: int = 0  # turns with the same number are one unbroken exchange
    gender: str | None = None  # the gender a pronoun or description tag asks for
    continued: bool = False  # carries on the previous paragraph's quotation
    after_silence: bool = False  # follows "He made no answer.": the same speaker goes on
    voices: dict = field(default_factory=dict)  # quote index -> person, when a paragraph has several


def attribute(text: str, segments: list[Segment],
              known: Sequence[Character] = ()) -> tuple[list[Segment], list[Character]]:
    """Fill ``speaker`` and ``how`` on the dialogue segments; return them
    with the characters found (the known ones first)."""
    roster = Roster(known)
    narration = [(s.start, s.end) for s in segments if s.kind == "narration" and s.text]
    counts, evidence, mentions = find_names(text, narration)
    tags = find_tags(text, segments, frozenset(key(name) for c in known for name in (c.name, *c.aliases)))
    for tag in tags.values():
        if tag.kind == "name":
            form = parse(tag.who)
            if form:
                counts[form] += 1
                evidence.add(form)
    roster.add(counts, evidence)
    roster.vote_pronouns(text, mentions)
    resolver = _Resolver(text, segments, roster, mentions, tags)
    turns = resolver.run()
    return resolver.labelled(turns), roster.characters()


def _or(value, default):
    return default if value is None else value


def _is_subject(text: str, offset: int) -> bool:
    """Whether a name at ``offset`` opens a clause or a paragraph (and so is
    likely its subject)."""
    return bool(_SUBJECT_BEFORE.search(text, max(0, offset - 12), offset)) or offset == 0 \
        or text[max(0, offset - 2):offset].strip() == ""


class _Resolver:
    def __init__(self, text, segments, roster: Roster, mentions, tags):
        self.text = text
        self.segments = segments
        self.roster = roster
        self.tags = tags
        self.mentions = [(offset, pid, _is_subject(text, offset)) for offset, form in mentions
                         if (pid := roster.lookup(form.text)) is not None]
        self.mentions = sorted(self.mentions + self._relative_mentions())
        self.topic: dict[str | None, int] = {}  # gender -> last person in subject position
        self.narrator: int | None = None
        self.previous_speaker: int | None = None  # of the turn before the current one
        self.recent: list[int] = []  # person ids in order of appearance

    def _relative_mentions(self) -> list:
        """'Her father' in the narration, as a mention of the parent of the
        story's heroine (hero for 'his'): a father never named is still in
        view when "he" speaks."""
        out = []
        for seg in self.segments:
            if seg.kind != "narration":
                continue
            for m in _PARENT.finditer(self.text, seg.start, seg.end):
                owner = self._protagonists.get(POSSESSIVE_GENDER[m.group("owner").lower()])
                pid = self._relative(owner, m.group("noun")) if owner is not None else None
                if pid is not None:
                    out.append((m.start(), pid, _is_subject(self.text, m.start())))
        return out

    # -------------------------------------------------------------- the walk
    def run(self) -> list[Turn]:
        turns: list[Turn] = []
        conversation: list[Turn] = []
        m = 0  # next narration mention to take into view
        last_end = 0  # end of the last paragraph with a quotation
        for turn in self._turns():
            para_start = self._paragraph_start(turn)
            gap = self.text[last_end:para_start].strip(" \n\"\u201d")
            turn.after_silence = bool(turns) and _SILENCE.fullmatch(gap) is not None
            if len(gap.split()) > CONVERSATION_GAP_WORDS and not turn.after_silence:
                conversation = []
            turn.conversation = turns[-1].conversation + (not conversation) if turns else 0
            while m < len(self.mentions) and self.mentions[m][0] < para_start:
                self._see(*self.mentions[m][1:])
                m += 1
            turn.called = self._vocatives(turn)
            turn.addressed = {pid for form in turn.called if (pid := self._addressee(form)) is not None}
            turn.addressed |= self._parents_called(turn) | self._spoken_to(turn) | self._ranks_called(turn)
            turn.named = self._spoken_of(turn) - turn.addressed
            turn.addressee_gender = self._addressee_gender(turn)
            self._decide(turn, conversation, turns)
            while m < len(self.mentions) and self.mentions[m][0] < self.segments[turn.quotes[-1]].end:
                self._see(*self.mentions[m][1:])
                m += 1
            if turn.speaker is not None:
                self._see(turn.speaker, True)
            self.previous_speaker = turn.speaker
            conversation.append(turn)
            turns.append(turn)
            last_end = self._paragraph_end(turn)
        self._settle(turns)
        self._name_narrator(turns)
        return turns

    def _turns(self) -> list[Turn]:
        turns: dict[int, Turn] = {}
        for i, seg in enumerate(self.segments):
            if seg.kind == "dialogue" and not seg.skip:
                turns.setdefault(seg.paragraph, Turn(seg.paragraph, [])).quotes.append(i)
        return list(turns.values())

    def _paragraph_start(self, turn: Turn) -> int:
        i = turn.quotes[0]
        while i > 0 and self.segments[i - 1].paragraph == turn.paragraph:
            i -= 1
        return self.segments[i].start

    def _lead_in_start(self, turn: Turn) -> int:
        """Start of the narration leading in to this turn: the few paragraphs
        before it, where a scene's people are set down before they speak."""
        i = turn.quotes[0]
        while i > 0 and self.segments[i - 1].paragraph >= turn.paragraph - LEAD_IN_PARAGRAPHS:
            i -= 1
        return self.segments[i].start

    def _paragraph_end(self, turn: Turn) -> int:
        i = turn.quotes[-1]
        while i + 1 < len(self.segments) and self.segments[i + 1].paragraph == turn.paragraph:
            i += 1
        return self.segments[i].end

    def _see(self, pid: int, subject: bool) -> None:
        self.recent.append(pid)
        if subject:
            self.topic[self.roster.people[pid].gender()] = pid

    # ---------------------------------------------------------- one decision
    def _decide(self, turn: Turn, conversation: list[Turn], turns: list[Turn]) -> None:
        """Decide the turn; a tagged quotation in parentheses inside someone
        else's speech ('("I haven't," said Alice)') is an aside in its own voice."""
        asides = {i: pid for i in turn.quotes if self.text[self.segments[i].start - 1:self.segments[i].start] == "("
                  and (tag := self.tags.get(i)) and tag.kind == "name" and (pid := self._named(tag)) is not None}
        if not asides or len(asides) == len(turn.quotes):
            return self._decide_turn(turn, conversation, turns)
        quotes, turn.quotes = turn.quotes, [i for i in turn.quotes if i not in asides]
        self._decide_turn(turn, conversation, turns)
        turn.quotes = quotes
        turn.voices.update(asides)

    def _decide_turn(self, turn: Turn, conversation: list[Turn], turns: list[Turn]) -> None:
        named = {i: self._named(tag) if tag.kind == "name" else self._narrator()
                 for i in turn.quotes if (tag := self.tags.get(i)) and
                 (tag.kind == "name" or tag.who == "I")}
        named = {i: pid for i, pid in named.items() if pid is not None}
        for i in turn.quotes if named else ():
            # "...," the Footman went on. "...," she said to herself: a he/she
            # that cannot be the one named is someone else.
            tag = self.tags.get(i)
            gender = PRONOUN_GENDER.get(tag.who.lower()) if tag and tag.kind == "pronoun" else None
            if gender and not any(self._fits(pid, gender, strict=False) for pid in named.values()):
                pid = self._by_gender(gender, conversation, turn, tag.offset, exclude=set(named.values()))
                if pid is not None:
                    named[i] = pid
        if len(set(named.values())) > 1:
            # Two people tagged in one paragraph ("...," said the Hatter. "...," said Alice):
            # each quotation takes the tag before it (the first ones, the first tag).
            current = named[min(named)]
            for i in turn.quotes:
                current = turn.voices[i] = named.get(i, current)
            turn.speaker, turn.how = current, "explicit"
            return
        # A name in any of the paragraph's tags outranks a he/she or a description in another.
        for i in sorted(turn.quotes, key=lambda i: i not in named):
            tag = self.tags.get(i)
            if tag:
                pid, how = self._from_tag(tag, conversation, turn)
                if pid is not None:
                    turn.speaker, turn.how = pid, how
                    return
        previous = turns[-1] if turns else None
        turn.continued = bool(previous) and (turn.after_silence or continues_previous(
            self.text, self.segments[previous.quotes[-1]], self.segments[turn.quotes[0]]))
        if turn.continued and previous.speaker is not None:
            turn.speaker, turn.how = previous.speaker, "continued"
            return
        pid = self._from_context(turn, conversation)
        if pid is not None and pid not in turn.addressed:
            turn.speaker, turn.how = pid, "context"
            return
        last = conversation[-1] if conversation else None
        for pid in last.addressed if last else ():
            if pid != last.speaker and pid not in turn.addressed:
                turn.speaker, turn.how = pid, "addressed"
                return
        pid = self._alternate(turn, conversation)
        if pid is not None:
            turn.speaker, turn.how = pid, "alternation"

    def _from_tag(self, tag: Tag, conversation: list[Turn], turn: Turn) -> tuple[int | None, str]:
        if tag.kind == "name":
            return self._named(tag), "explicit"
        if tag.kind == "pronoun":
            word = tag.who.lower()
            if word == "i":
                return self._narrator(), "first-person"
            gender = PRONOUN_GENDER.get(word)
            if gender is None:
                return None, ""
            turn.gender = gender
            return self._by_gender(gender, conversation, turn, tag.offset), "pronoun"
        pid = self.roster.lookup(tag.who)
        if pid is not None and tag.who.startswith("the "):
            return pid, "explicit"  # a character known by a description: "the Cook"
        if tag.noun not in PERSON_NOUNS:
            return None, ""
        determiner, noun = tag.who.split()[0], tag.noun
        gender = turn.gender = description_gender(noun)
        exclude = {self.narrator} if determiner == "my" and self.narrator is not None else set()
        if determiner.endswith("'s") and noun in RELATIVE_TITLE:  # "Daisy's mamma"
            owner = self.roster.lookup(determiner[:-2])
            relative = self._relative(owner, noun) if owner is not None else None
            if relative is not None:
                return relative, "relative"
        if determiner in POSSESSIVE_GENDER:
            owner = self._owner(POSSESSIVE_GENDER[determiner], conversation, turn)
            # "her sister" of Alice is the listed "Alice's Sister"; "his wife" of Mr. Bennet is Mrs. Bennet.
            person = self.roster.people[owner] if owner is not None else None
            relative = (self.roster.lookup(f"{person.name()}'s {noun}")
                        if person and (person.forms or person.known) else None)
            if relative is None and owner is not None and noun in RELATIVE_TITLE:
                relative = self._relative(owner, noun)
            if relative is not None:
                return relative, "relative"
            if owner is not None and noun in RELATIVE_TITLE:
                exclude.add(owner)
        return self._by_gender(gender, conversation, turn, tag.offset, exclude=exclude), "description"

    def _named(self, tag: Tag) -> int | None:
        """The person a name tag names; "said the young Crab" is the listed
        Young Crab when there is one, else the Crab."""
        before = _THE_ADJECTIVE.search(self.text, max(0, tag.offset - 30), tag.offset)
        pid = self.roster.lookup(f"{before.group()}{tag.who}") if before else None
        return pid if pid is not None else self.roster.lookup(tag.who)

    def _owner(self, gender: str, conversation: list[Turn], turn: Turn) -> int | None:
        """Whose relative 'his wife' / 'her mother' is: the one addressed,
        else the last speaker, else the topic of that gender."""
        last = conversation[-1].speaker if conversation else None
        for pid in (*turn.addressed, last, self.topic.get(gender)):
            if pid is not None and pid != self.narrator and self._fits(pid, gender):
                return pid
        return None

    def _relative(self, owner: int, noun: str) -> int | None:
        """'his wife' of Mr. Bennet is Mrs. Bennet: the same surname under
        the title the relation implies. Someone known by a given name alone
        (Kitty) is taken to belong to the story's main family."""
        surnames = [f.words[-1] for f in self.roster.people[owner].forms
                    if not f.the and (f.honorific or len(f.words) > 1)] or [self._main_family]
        for surname in surnames:
            pid = self.roster.lookup(f"{RELATIVE_TITLE[noun]} {surname}") if surname else None
            if pid is not None and pid != owner:
                return pid
        return None

    @functools.cached_property
    def _main_family(self) -> str | None:
        """The surname most mentioned under both Mr. and Mrs.: the family
        the story is about."""
        mentions: Counter = Counter()
        for person in self.roster.people:
            for form in person.forms:
                if form.honorific in ("mr", "mrs") and len(form.words) == 1:
                    mentions[(form.honorific, form.words[0])] += person.forms[form]
        families = Counter({name: n + mentions[("mrs", name)] for (title, name), n in mentions.items()
                            if title == "mr" and ("mrs", name) in mentions})
        return families.most_common(1)[0][0] if families else None

    def _by_gender(self, gender: str | None, conversation: list[Turn], turn: Turn, offset: int,
                   exclude: set = frozenset()) -> int | None:
        """The person a pronoun at ``offset`` points at, weighing the clues:
        the subject of this paragraph's narration, the one the last speaker
        addressed, the one turn-taking expects, who has been speaking, the
        topic of the narration, and how recently each was in view."""
        last = conversation[-1] if conversation else None
        last_speaker = last.speaker if last else None
        w = PRONOUN_CLUES
        scores: Counter = Counter()
        in_paragraph = list(self.mentions_between(self._paragraph_start(turn), offset))
        recent: list[int] = []
        for pid in reversed(self.recent[-80:] + [pid for _, pid, _ in in_paragraph]):
            if pid not in recent:
                recent.append(pid)
        for rank, pid in enumerate(recent[:12]):
            scores[pid] += w["recent"] / (1 + rank)
        first_subject = True
        for _, pid, subject in in_paragraph:
            scores[pid] += w["in paragraph"]
            if subject and first_subject and self._fits(pid, gender):
                scores[pid] += w["paragraph subject"]
                first_subject = False
        lead_in = self._lead_in_subject(turn, gender)
        if lead_in is not None and not in_paragraph:
            scores[lead_in] += w["lead-in subject"]
        if last is not None:
            for pid in last.addressed:
                if pid != last.speaker:
                    scores[pid] += w["addressed before"]
        expected = self._expected(conversation)
        if expected is not None:
            scores[expected] += w["turn-taking"]
        for earlier in conversation[-8:]:
            if earlier.speaker is not None and earlier.speaker != last_speaker:
                scores[earlier.speaker] += w["in conversation"]
        topic = self.topic.get(gender)
        if topic is not None:
            scores[topic] += w["topic"]
        protagonist = self._protagonists.get(gender) if gender else None
        if protagonist is not None and self._unnamed_for(gender, offset) > STALE:
            scores[protagonist] += PROTAGONIST
        for pid in turn.named & scores.keys():
            scores[pid] -= NAMED_INSIDE
        if last_speaker is not None:
            scores[last_speaker] += w["last speaker"]
        elif self.previous_speaker is not None:
            scores[self.previous_speaker] += w["resumes"]
        best, best_score = None, float("-inf")
        for pid, score in scores.items():
            if pid == self.narrator or pid in exclude or pid in turn.addressed or not self._listed(pid):
                continue
            if not self._fits(pid, gender, strict=False):
                continue
            if not self._fits(pid, gender):
                score -= 1.5
            if score > best_score:
                best, best_score = pid, score
        return best

    def _lead_in_subject(self, turn: Turn, gender: str | None) -> int | None:
        """The first subject of that gender in a narration paragraph just
        before the turn ("Mrs. Bennet had designed... \n\n 'Well girls,' said she")."""
        i = turn.quotes[0]
        while i > 0 and self.segments[i - 1].paragraph == turn.paragraph:
            i -= 1
        prev = self.segments[i - 1] if i > 0 else None
        if prev is None or prev.kind != "narration" or prev.paragraph != turn.paragraph - 1 or \
                (i > 1 and self.segments[i - 2].paragraph == prev.paragraph):
            return None
        for _, pid, subject in self.mentions_between(prev.start, prev.end):
            if subject and self._fits(pid, gender):
                return pid
        return None

    def _listed(self, pid: int) -> bool:
        """Whether a person may speak untagged: with a character list, only
        those on it (and the narrator); someone off it needs a tag naming them."""
        return not self._has_list or pid == self.narrator or self.roster.people[pid].known is not None

    @functools.cached_property
    def _has_list(self) -> bool:
        return any(person.known for person in self.roster.people)

    @functools.cached_property
    def _protagonists(self) -> dict:
        """The most mentioned person of each gender: a "she" long after any
        woman was named is most often the story's heroine."""
        out: dict = {}
        for pid, _ in Counter(pid for _, pid, _ in self.mentions).most_common():
            out.setdefault(self.roster.people[pid].gender(), pid)
        return out

    def _unnamed_for(self, gender: str, offset: int) -> int:
        """How many characters back the last name of someone of ``gender`` is."""
        i = bisect.bisect_left(self.mentions, (offset, -1, False)) - 1
        while i >= 0 and not self._fits(self.mentions[i][1], gender):
            i -= 1
        return offset - self.mentions[i][0] if i >= 0 else offset

    def _fits(self, pid: int, gender: str | None, strict: bool = True) -> bool:
        if gender is None:
            return True
        have = self.roster.people[pid].gender()
        return have == gender or (not strict and have is None)

    def _expected(self, conversation: list[Turn]) -> int | None:
        """Who speaks next by turn-taking: the one before the last speaker."""
        if len(conversation) >= 2:
            a, b = conversation[-2].speaker, conversation[-1].speaker
            if a is not None and b is not None and a != b:
                return a
        return None

    def _from_context(self, turn: Turn, conversation: list[Turn]) -> int | None:
        """The subject of this paragraph's narration (who acts, then speaks):
        he, she or a name opening the sentence that leads into the first
        quotation, else a name opening any clause before it, else any name
        there, else a name or he/she opening the narration right after it."""
        start = self._paragraph_start(turn)
        first = self.segments[turn.quotes[0]]
        sentence = max(start, *(self.text.rfind(end, start, first.start - 2) + 2 for end in (". ", "! ", "? ")))
        if sentence > start:
            m = _OPENING_SUBJECT.match(self.text, sentence, first.start)
            if m and m.group("pronoun"):  # "She looked at her father... He took the hint, and said,"
                return self._by_gender(PRONOUN_GENDER[m.group("pronoun").lower()], conversation, turn, sentence)
            for _, pid, subject in self.mentions_between(sentence, first.start):
                if subject:
                    return pid
        before = list(self.mentions_between(start, first.start))
        for _, pid, subject in before:
            if subject:
                return pid
        if before:
            return before[0][1]
        nxt = turn.quotes[0] + 1
        if nxt < len(self.segments) and self.segments[nxt].paragraph == turn.paragraph \
                and self.segments[nxt].kind == "narration":
            seg = self.segments[nxt]
            m = _OPENING_SUBJECT.match(self.text, seg.start, seg.end)
            if m and m.group("pronoun"):
                return self._by_gender(PRONOUN_GENDER[m.group("pronoun").lower()], conversation, turn, seg.start)
            if m:
                for _offset, pid, _ in self.mentions_between(seg.start, seg.start + 1):
                    return pid
        return self._introduced(turn, conversation)

    def _introduced(self, turn: Turn, conversation: list[Turn]) -> int | None:
        """The subject of the last sentence of a narration paragraph just
        before this turn ("Mrs. Bennet, who fancied..., continued her triumph."),
        or whom its he/she means when it leads in ("She turned to him and said,")."""
        i = turn.quotes[0]
        while i > 0 and self.segments[i - 1].paragraph == turn.paragraph:
            i -= 1
        if i == 0:
            return None
        prev = self.segments[i - 1]
        if prev.kind != "narration" or prev.paragraph != turn.paragraph - 1 or \
                (i > 1 and self.segments[i - 2].paragraph == prev.paragraph):
            return None
        last_sentence = max(prev.start, *(self.text.rfind(end, prev.start, prev.end - 2) + 2
                                          for end in (". ", "! ", "? ")))
        m = _OPENING_SUBJECT.match(self.text, last_sentence, prev.end)
        if m and m.group("pronoun") and self.text[prev.end - 1] in ",:":
            return self._by_gender(PRONOUN_GENDER[m.group("pronoun").lower()], conversation, turn, last_sentence)
        for _, pid, subject in self.mentions_between(last_sentence, prev.end):
            if subject and pid not in turn.addressed:
                return pid
        return None

    def mentions_between(self, start: int, end: int):
        """The (offset, person, subject) mentions in text[start:end]."""
        i = bisect.bisect_left(self.mentions, (start, -1, False))
        while i < len(self.mentions) and self.mentions[i][0] < end:
            yield self.mentions[i]
            i += 1

    def _alternate(self, turn: Turn, conversation: list[Turn]) -> int | None:
        """The one before the last speaker, else whoever else was last in view;
        opening a conversation, the likeliest person in view."""
        if not conversation:
            return self._by_gender(None, conversation, turn, self.segments[turn.quotes[0]].start)
        last = conversation[-1]
        expected = self._expected(conversation)
        if expected is not None and expected not in turn.addressed:
            return expected
        if last.speaker is None:
            return None
        for pid in reversed(self.recent[-30:]):
            if pid != last.speaker and pid not in turn.addressed and self._listed(pid):
                return pid
        return None

    # ------------------------------------------------------ whole exchanges
    def _settle(self, turns: list[Turn]) -> None:
        """Re-decide each conversation's turns together (see conversation.py),
        keeping what explicit tags and the first person fixed."""
        start = 0
        while start < len(turns):
            end = start + 1
            while end < len(turns) and turns[end].conversation == turns[start].conversation:
                end += 1
            exchange = turns[start:end]
            start = end
            candidates = self._participants(exchange)
            if len(exchange) < 2 or len(candidates) < 2:
                continue
            evidence = [self._evidence(turn, exchange[k - 1] if k else None, candidates)
                        for k, turn in enumerate(exchange)]
            continued = [t.continued for t in exchange]
            chosen = best_sequence(candidates, evidence, continued)
            present = {pid for t, pid in zip(exchange, chosen) if t.how in TAGGED}
            for scores in evidence:
                for pid in present & scores.keys():
                    scores[pid] += PRESENT
            chosen = best_sequence(candidates, evidence, continued)
            for turn, pid in zip(exchange, chosen):
                if turn.speaker != pid and turn.how not in FIXED:
                    turn.speaker, turn.how = pid, "alternation"

    def _participants(self, exchange: list[Turn]) -> list[int]:
        """Who may speak in an exchange: the speakers first guessed, those
        addressed, and those the narration around it names as subjects;
        anyone else it names fills the places left (a silent companion
        named once may still answer)."""
        votes: Counter = Counter()
        for turn in exchange:
            if turn.speaker is not None:
                votes[turn.speaker] += 2
            votes.update(turn.addressed)
        for _, pid, subject in self.mentions_between(self._lead_in_start(exchange[0]),
                                                     self._paragraph_end(exchange[-1])):
            if pid != self.narrator:
                votes[pid] += subject
        tagged = {t.speaker for t in exchange if t.how in FIXED}
        votes = Counter({pid: n for pid, n in votes.items() if pid in tagged or self._listed(pid)})
        return [pid for pid, _ in votes.most_common(PARTICIPANTS)]

    def _evidence(self, turn: Turn, previous: Turn | None, candidates: list[int]) -> dict:
        scores = {}
        for pid in candidates:
            score = EVIDENCE.get(turn.how, 0.0) if pid == turn.speaker else 0.0
            if turn.how in FIXED and pid != turn.speaker:
                score -= EVIDENCE[turn.how]
            if turn.gender and not self._fits(pid, turn.gender, strict=False):
                score -= 4
            elif turn.gender and self._fits(pid, turn.gender):
                score += GENDER_FITS
            if previous is not None and pid in previous.addressed and pid != previous.speaker:
                score += ADDRESSED_BEFORE
            if previous is not None and previous.addressee_gender and pid != previous.speaker:
                score += TITLE_FITS if self._fits(pid, previous.addressee_gender) else -TITLE_FITS
            if pid in turn.addressed and not turn.continued:
                score -= 6
            if pid in turn.named and not turn.continued:
                score -= NAMED_INSIDE
            scores[pid] = score
        return scores

    def _spoken_of(self, turn: Turn) -> set:
        """People named inside the turn's quotations: seldom its speaker."""
        spans = [(self.segments[i].start, self.segments[i].end) for i in turn.quotes]
        return {pid for _, form, _ in name_forms(self.text, spans)
                if (pid := self.roster.lookup(form.text)) is not None}

    def _addressee(self, form) -> int | None:
        """Who a name said to someone means. A title and surname several
        people share ("Miss Bennet") is the one of them last in view, not
        whoever the list gave it to: she is the one being spoken to."""
        sharing = self.roster.sharing(form)
        if len(sharing) > 1:
            for pid in reversed(self.recent[-40:]):
                if pid in sharing:
                    return pid
        return self.roster.lookup(form.text)

    def _spoken_to(self, turn: Turn) -> set:
        """Whom the turn's narration says it is said to ("I said to Mrs. Hudson")."""
        out = set()
        for i in range(turn.quotes[0] - 1, turn.quotes[-1] + 2):
            seg = self.segments[i] if 0 <= i < len(self.segments) else None
            if seg is not None and seg.kind == "narration" and seg.paragraph == turn.paragraph:
                for m in _SAID_TO.finditer(self.text, seg.start, seg.end):
                    pid = self.roster.lookup(m.group("name"))
                    if pid is not None:
                        out.add(pid)
        return out

    def _ranks_called(self, turn: Turn) -> set:
        """"Your ladyship" is said to the lady (of title) last in view."""
        ranks = {RANK_TITLES[m.group(1).lower()] for i in turn.quotes
                 for m in _YOUR_RANK.finditer(self.segments[i].text)}
        for pid in reversed(self.recent[-40:]) if ranks else ():
            if any(f.honorific in ranks for f in self.roster.people[pid].forms):
                return {pid}
        return set()

    def _parents_called(self, turn: Turn) -> set:
        """"Papa" and "Mamma" said in a story about a family are its father and mother."""
        titles = {m.group("title").lower() for i in turn.quotes
                  for m in _TITLE_VOCATIVE.finditer(self.segments[i].text)}
        return {pid for title in titles & PARENT_TITLES.keys() if self._main_family
                and (pid := self.roster.lookup(f"{PARENT_TITLES[title]} {self._main_family}")) is not None}

    def _addressee_gender(self, turn: Turn) -> str | None:
        genders = {TITLE_GENDER[m.group("title").lower()] for i in turn.quotes
                   for m in _TITLE_VOCATIVE.finditer(self.segments[i].text)}
        return genders.pop() if len(genders) == 1 else None

    def _vocatives(self, turn: Turn) -> list:
        """The name forms the turn's quotations address someone by."""
        out = []
        for i in turn.quotes:
            seg = self.segments[i]
            quoted = self.text[seg.start + 1 : seg.end]
            for m in _VOCATIVE.finditer(quoted):
                form = parse(m.group("name") or m.group("name2"))
                if form and form.words[0] not in NOT_NAMES and not _APPOSITION.search(quoted, 0, m.start()) \
                        and not _RELATIVE_CLAUSE.match(quoted, m.end()):
                    out.append(form)
        return out

    # ------------------------------------------------------------- narrator
    def _narrator(self) -> int:
        if self.narrator is None:
            self.narrator = len(self.roster.people)
            self.roster.people.append(Person())
        return self.narrator

    def _name_narrator(self, turns: list[Turn]) -> None:
        """Give the narrator the name others call them in the turns next to theirs."""
        if self.narrator is None:
            return
        votes: Counter = Counter()  # a person id, or the name form of someone not in the roster
        for prev, cur in zip(turns, turns[1:]):
            for a, b in ((prev, cur), (cur, prev)):
                if a.speaker == self.narrator and b.speaker not in (None, self.narrator):
                    votes.update(_or(self.roster.lookup(f.text), f) for f in b.called)
        best, count = votes.most_common(1)[0] if votes else (None, 0)
        if count >= 2 and isinstance(best, int):
            old, self.narrator = self.narrator, best
            for turn in turns:
                turn.speaker = best if turn.speaker == old else turn.speaker
                turn.voices = {i: best if pid == old else pid for i, pid in turn.voices.items()}
        else:
            self.roster.people[self.narrator].forms[best if count >= 2 else parse(NARRATOR)] += 1

    # --------------------------------------------------------------- output
    def labelled(self, turns: list[Turn]) -> list[Segment]:
        out = list(self.segments)
        for turn in turns:
            spoken_by: dict[int, int] = {}
            for i in turn.quotes:
                pid = turn.voices.get(i, turn.speaker)
                name = self.roster.people[pid].name() if pid is not None else None
                out[i] = replace(out[i], speaker=name, how=turn.how if name else "unknown")
                if pid is not None:
                    spoken_by.setdefault(pid, i)
            for pid, i in spoken_by.items():
                person = self.roster.people[pid]
                person.lines += 1
                person.sample = person.sample or self.segments[i].text
        for i, seg in enumerate(out):
            if seg.kind == "dialogue" and not seg.how:
                out[i] = replace(seg, how="unknown")
        return out
