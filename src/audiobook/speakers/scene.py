"""What the speaker passes look at, found once and then never changed: the
people and where each is mentioned, the speech tags, and the turns (a
paragraph holding quotations) with whom each turn calls by name, speaks of,
or is said to.

A turn's ``exchange`` groups the turns of one unbroken conversation: a
narration paragraph between two turns ends it.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..model import Character, Segment
from ..text.segment import continues_previous
from ..text.spans import with_apostrophes
from . import weights as w
from .names import (
    NOT_AFTER_TITLE,
    UPPER,
    Form,
    Roster,
    find_names,
    given_names,
    key,
    learn_given_names,
    listed_names,
    name_forms,
    parse,
)
from .narrator import find_narrator, narrator_character
from .tags import Tag, find_tags
from .vocabulary import (
    FUNCTION_WORDS,
    HONORIFICS,
    KIN_NOUNS,
    MARRIAGE,
    NEWCOMER_NOUNS,
    NOT_NAMES,
    PARENT_GENDER,
    PARENT_TITLE,
    PERSON_NOUNS,
    PLAIN_ADJECTIVES,
    POSSESSIVE_GENDER,
    RELATIVE_TITLE,
    ROLE_KINDS,
    ROLE_NOUNS,
    SOMETIMES_NAMES,
    TITLE_GENDER,
    WIFE_TITLES,
)

_VOCATIVE_NAME = (r"(?P<name>(?:(?:Mr|Mrs|Dr|Ms)\.?\s+|M\.\s+|(?:Miss|Lady|Sir|Lord|Colonel|Captain|Aunt|Uncle)\s+)?"
                  rf"{UPPER}[\w'-]*\w(?:\s+{UPPER}[\w'-]*\w)?)")
# What opens the rest of a sentence said to the one just named: a question, or a bidding
_ASKS = "what|why|how|where|when|who|is|are|was|were|do|does|did|don't|will|won't|can|can't|have|shall|would"
_BIDS = ("come|go|look|shut|put|take|give|tell|let|get|sit|stand|bring|run|hold|stop|wait|listen|be|make|keep"
         "|leave|try|say|see|hear|mind|help|fetch|call|pray|never|please")
# A name said to someone: "Tom, ...", "My dear Mrs. Grey, ...", "..., Captain Hale."
_VOCATIVE = re.compile(
    rf"(?:\b(?:dear|dearest|[Oo]h|O)[!,]?\s+|^){_VOCATIVE_NAME}(?=\s*[,!?])"  # "Oh! Anna," is to Anna
    rf"|(?=[.!?]){NOT_AFTER_TITLE}[.!?]\s+{_VOCATIVE_NAME.replace('<name>', '<name3>')}"  # not "Mlle. Blanche, you"
    rf"(?=\s*,\s+(?:you|your|{_ASKS}|{_BIDS})\b)"  # "I will. Tom, you were there?", "... Tom, shut the door"
    rf"|[,;]\s+(?:my\s+)?(?:dear\s+)?{_VOCATIVE_NAME.replace('<name>', '<name2>')}(?=(?:\s+dear)?\s*(?:[,.!?;]|$))"
)
# "this butler, Lal Rao, whom we had not seen": a name in apposition, not said to anyone.
_APPOSITION = re.compile(rf"\b(?:{'|'.join(sorted(PERSON_NOUNS))})\s*,\s*$")
_RELATIVE_CLAUSE = re.compile(r"\s*,\s*(?:who|whom|whose)\b")
# Words a speaker calls someone by that tell the addressee's gender: "Yes, Ma'am."
_TITLE_VOCATIVE = re.compile(r"(?:^|[,;!?]\s*|\b(?:dear|good|my)\s+)(?P<title>" + "|".join(sorted(TITLE_GENDER))
                             + r")(?=\s*[,.!?;]|$)", re.IGNORECASE)
_SAID_TO = re.compile(rf"\b(?:said|cried|replied|answered|whispered|called|exclaimed|added|shouted|muttered)"
                      rf"(?:\s+(?:[a-z]+ly\s+)?to|,\s+(?:looking|turning|glancing)\s+(?:round\s+|up\s+)?(?:at|to)"
                      rf")\s+{_VOCATIVE_NAME}")  # "said to Tom", "said, turning to Tom"
_WORD = re.compile(r"[^\W\d_]+")
_POSTMODIFIER = re.compile(r"(?:\s+(?:in|with|of|at|from|on)\s+(?:(?:the|a|an)\s+)?[\w'-]+(?:\s+[\w'-]+){0,2})")
_RELATION = re.compile(r"\b([Hh]is|[Hh]er)\s+(" + "|".join(sorted(RELATIVE_TITLE)) + r")\b")
_SUBJECT_BEFORE = re.compile(r"(?:^|(?:[.!?;:\u2014]|--)\s*[\"'\u201d\u2019]?\s*"
                             r"|\b(?i:and|but|when|while|as|then|though|although|whilst|till|until|so)\s+)$")
# "Slowly, Tom rose.", "At this Mary laughed.", "With a sigh, Tom", "To these words, Tom": a
# sentence's opening words (an adverb, a phrase of up to seven words and its comma), then who acts
_OPENER_BEFORE = re.compile(r"(?:^|[.!?;:]\s+|\n)[\"'\u201c\u2018]?"
                            r"(?:[A-Z][a-z]+ly,?|(?:At|In) (?:this|that|last|length|once),?"
                            r"|(?:Then|Now|Here|There|Still|Again|Presently|Instantly|Afterwards|Meanwhile),?"
                            r"|(?:To|On|Upon|At|By|From|Of|In|With|Without|After|Before|During|For)"
                            r" (?:[a-z]+\s+){0,5}[a-z]+,)\s+$")


_NAME_BEFORE = re.compile(rf"{_VOCATIVE_NAME}$")  # "Mr. Grey" before ", the butler"
_NAME_AFTER = re.compile(_VOCATIVE_NAME)  # after "the butler, "
_IN_A_LIST = re.compile(rf"{_VOCATIVE_NAME},\s+$")  # another name and a comma before a name: one of several
# "Tom's" (or "Tom s", where a text lost its apostrophes), "Tom is" or "Tom was" before "our cook"
_NAME_IS = re.compile(rf"{_VOCATIVE_NAME}(?:['\u2019 ]s|\s+(?:is|was))\s+$")


@dataclass(frozen=True)
class Mention:
    offset: int
    person: int
    subject: bool  # opens a clause or paragraph: who acts


@dataclass(frozen=True)
class Turn:
    number: int  # its place among the turns
    paragraph: int
    quotes: tuple[int, ...]  # indexes of its dialogue segments
    start: int  # the paragraph's span in the text
    end: int
    lead_in: int  # start of the narration a few paragraphs before: where a scene's people are set down
    exchange: int  # turns with the same number are one unbroken conversation
    continued: bool  # carries on the previous turn's open quotation
    called: tuple[Form, ...]  # names the quotations address someone by
    addressed: tuple[int, ...]  # people those names (or "said to X") mean, in the order the text calls them
    named: frozenset[int]  # people the quotations speak of: seldom their speaker
    addressee_gender: str | None  # from a "Sir" or "Ma'am" said in it
    unspoken: bool = False  # only what someone wanted or was about to say ("He longed to ask: '...'"): no turn


@dataclass(frozen=True)
class Scene:
    text: str
    segments: tuple[Segment, ...]
    roster: Roster
    mentions: tuple[Mention, ...]  # in text order
    tags: dict[int, Tag]  # dialogue segment index -> its speech tag
    turns: tuple[Turn, ...]
    narrator: int | None  # the person who says "I" in the narration, if the story is told so
    protagonists: dict[str | None, int]  # the most mentioned person of each gender: the hero, the heroine
    words: Counter  # every word of the text as written -> how often: "rubbish" as well as "Rubbish"
    listed_narrator: int | None = None  # the listed character (alias "I") the narrator's turns go to at the end
    held: dict[str, frozenset[int]] = field(default_factory=dict)  # a role -> those of several who hold it
    narrator_names: frozenset[str] = frozenset()  # what the others call the narrator (with_narrator_called)
    named_from: dict[int, tuple[int, int]] = field(default_factory=dict)  # a role's person -> (offset, who from there)

    @cached_property
    def unheard(self) -> frozenset[int]:
        """People the narration names often (weights.TALKED_ABOUT times) whom no tag of the
        story shows speaking: talked about, not heard (an absent husband, a dead father)."""
        tagged = {pid for tag in self.tags.values() if (pid := self.named(tag)) is not None}
        named = Counter(m.person for m in self.mentions)
        return frozenset(pid for pid, n in named.items() if n >= w.TALKED_ABOUT and pid not in tagged)

    @cached_property
    def someones(self) -> frozenset[int]:
        """The people only tags like "said one of the men" or "asked another" bring on: heard in
        their own exchange, never named, so never in view for a later he/she or description."""
        mentioned = {m.person for m in self.mentions}
        return frozenset(pid for tag in self.tags.values() if tag.kind == "someone"
                         and (pid := self.named(tag)) is not None and pid not in mentioned)

    @cached_property
    def married_women(self) -> frozenset[int]:
        """People the story mostly calls by a married woman's title (Mrs. Grey, Madame Roux)."""
        return frozenset(pid for pid, f in self._usual_forms() if f.honorific in WIFE_TITLES)

    @cached_property
    def called_by_given_name(self) -> frozenset[int]:
        """People the story mostly calls by a given name alone, or Miss or Master and one: the young."""
        return frozenset(pid for pid, f in self._usual_forms() if len(f.words) == 1 and not f.the
                         and f.honorific in ("", "miss", "master") and self.roster.given_gender(f.words[0]) is not None)

    def _usual_forms(self) -> Iterator[tuple[int, Form]]:
        return ((pid, person.usual_form()) for pid, person in enumerate(self.roster.people) if person.forms)

    def mentions_between(self, start: int, end: int) -> Iterator[Mention]:
        i = bisect.bisect_left(self.mentions, start, key=lambda m: m.offset)
        while i < len(self.mentions) and self.mentions[i].offset < end:
            yield self.mentions[i]
            i += 1

    def named(self, tag: Tag | None) -> int | None:
        """The person a tag names: "said Tom", "said the Cook", "I said" in a story told by I."""
        if tag is None:
            return None
        if tag.kind == "name":
            return self.roster.lookup(tag.who)
        if tag.kind == "pronoun" and tag.who == "I":
            return self.narrator
        if tag.kind == "description" and tag.who.startswith("the "):  # someone known by a description: "the Cook"
            holder = self.last_named(self.held.get(tag.noun, ()), tag.offset)  # two doctors: the one in view
            found = next((pid for pid in (holder, self._known_as(tag), self.roster.lookup(tag.who))
                          if pid is not None), None)
            return self.by_then(found, tag.offset)
        if tag.kind == "description" and (form := _stranger(self.text, tag) or _kin(tag)):
            return self.roster.lookup(form.text)  # someone new the tag describes: "said a sleepy-faced carpenter"
        if tag.kind == "someone" and (form := parse(tag.who)):
            return self.roster.lookup(form.text)  # "said one of the men": one of a group, someone of their own
        return None

    def by_then(self, pid: int | None, offset: int) -> int | None:
        """Who ``pid`` is at ``offset``: a role's person is the one named beside it from where they are named."""
        return _by_then(self.named_from, pid, offset)

    def last_named(self, people, offset: int, window: int = w.RECENT_WINDOW) -> int | None:
        """Which of several people a word they share means at ``offset`` ("said
        the doctor" with two doctors in the story, "Miss Grey" with two Miss
        Greys): the one mentioned last among the ``window`` mentions before it;
        else nobody in particular."""
        if not people:
            return None
        i = bisect.bisect_left(self.mentions, offset, key=lambda m: m.offset)
        for mention in reversed(self.mentions[max(0, i - window):i]):
            if mention.person in people:
                return mention.person
        return None

    def _known_as(self, tag: Tag) -> int | None:
        """Someone a tag's description names with the words after it ("said the
        man with the keys", "the landlord of the Bell"), when that whole is a
        name of someone's: a listed character's, as the text never makes one."""
        rest = _POSTMODIFIER.match(self.text, tag.offset + len(tag.who))
        words = rest.group().split() if rest else []
        for end in range(len(words), 1, -1):
            if (pid := self.roster.lookup(f"{tag.who} {' '.join(words[:end])}")) is not None:
                return pid
        return None

    def turn_before(self, turn: Turn) -> Turn | None:
        """The turn just before, when it is in the same exchange."""
        before = self.turns[turn.number - 1] if turn.number else None
        return before if before is not None and before.exchange == turn.exchange else None

    def narration_words(self, before: Turn, turn: Turn) -> int:
        """How many words of narration come between two turns' quotations."""
        return sum(len(seg.text.split()) for seg in self.segments[before.quotes[-1] + 1:turn.quotes[0]]
                   if seg.kind == "narration")

    def fits(self, person: int, gender: str | None, strict: bool = True) -> bool:
        """Whether ``person`` can be what "he"/"she" (``gender``) says; unknown fits when not ``strict``."""
        if gender is None:
            return True
        have = self.roster.people[person].gender()
        return have == gender or (not strict and have is None)


# "May's hand": a possessive, as people have and months, days and numbers do not
_SOMETIMES_OWNS = re.compile(rf"\b({'|'.join(sorted(m.title() for m in SOMETIMES_NAMES))})['\u2019]s\b")


def build_scene(text: str, segments: list[Segment], known: tuple[Character, ...]) -> Scene:
    """Everything the passes look at, found once. The people come from the
    names in the narration and the tags; the mentions and turns are put
    together from them, and again if the turns show two of those people to be
    one (someone who answers to one name under another)."""
    text = with_apostrophes(text)  # "Ann s hat" is Ann's, as the tags and names read it
    narrator_listed = narrator_character(known)
    narration = [(s.start, s.end) for s in segments if s.kind == "narration" and s.text]
    listed = frozenset(key(name) for c in known if c is not narrator_listed for name in listed_names(c))
    listed |= {word for name in listed for word in name.split() if word not in FUNCTION_WORDS}
    tags = find_tags(text, segments, listed)
    # "said May", "May's hand", "said Friday", "said Five": someone here, in the narration too
    as_names = Counter(tag.who.lower() for tag in tags.values()
                       if tag.kind == "name" and tag.who.lower() in SOMETIMES_NAMES)
    as_names.update(m.group(1).lower() for m in _SOMETIMES_OWNS.finditer(text))
    named = {word for word, n in as_names.items() if n >= w.NAMED_SOMETIMES} - listed
    if named:  # and "May answered" is her tag too, as "May" before a verb could open a sentence
        listed |= named
        tags = find_tags(text, segments, listed)
    counts, evidence, found = find_names(text, narration, listed)
    tagged = frozenset(form.words[0] for tag in tags.values()
                       if tag.kind == "name" and (form := parse(tag.who)) and len(form.words) == 1 and not form.the)
    roster = Roster(known, unnamed=narrator_listed, given_gender=given_names(learn_given_names(text, found, tagged)))
    roles: Counter = Counter()
    first_use: dict[str, int] = {}  # a role -> where a tag or the narration first shows it
    strangers: Counter = Counter()
    someones: Counter = Counter()
    written = _Written(text)
    for tag in tags.values():
        if tag.kind == "name" and (form := parse(tag.who)):
            counts[form] += 1
            evidence.add(form)
        elif tag.kind == "description" and tag.who.startswith("the ") and tag.who.count(" ") == 1 \
                and tag.noun in ROLE_NOUNS:
            roles[Form("", (tag.noun,), True)] += 1
            first_use.setdefault(tag.noun, tag.offset)
        elif tag.kind == "description" and (form := _stranger(text, tag) or _kin(tag) or _epithet(text, tag, written)):
            strangers[form] += 1
        elif tag.kind == "someone" and (form := parse(tag.who)):
            someones[form] += 1
    acting = _roles_acting(text, narration)
    roles.update({form: 1 for form, n in Counter(form for _, form in acting).items() if n >= w.ROLE_ACTS})
    for offset, form in acting:
        first_use[form.words[0]] = min(offset, first_use.get(form.words[0], offset))
    roster.add(counts, evidence, _side_by_side(text, found))
    named_at = sorted(found + [(tag.offset, form) for tag in tags.values()
                               if tag.kind == "name" and (form := parse(tag.who))], key=lambda pair: pair[0])
    held, named_from = _add_roles(text, roster, roles, first_use, named_at)
    roster.add(strangers, set(strangers))
    for (form, longer), n in _shortened(tags, strangers).items():
        if (pid := roster.lookup(longer.text)) is not None:
            roster.alias(form, pid, n)
    for form, n in someones.items():  # each on their own: "one" and "one of the men" are two people
        roster.add(Counter({form: n}), {form})
    roster.vote_pronouns(text, found)
    for given, titled in _said_in_full(text, segments, roster):
        roster.merge(given, titled)
    for other, pid in _otherwise_called(text, narration, roster) + _misspelt(roster):
        roster.merge(other, pid)
    narrator, listed_narrator = find_narrator(text, segments, roster, tags, narrator_listed)
    words = Counter(_WORD.findall(text))

    def assemble() -> Scene:
        named = _paired([Mention(offset, scene_pid, _is_subject(text, offset)) for offset, form in found + acting
                         if (pid := roster.lookup(form.text)) is not None
                         and (scene_pid := _by_then(named_from, pid, offset)) is not None], text)
        tagged = [Mention(tag.offset, pid, True) for tag in tags.values()
                  if tag.kind == "name" and (pid := roster.lookup(tag.who)) is not None]
        owners = sorted(named + tagged, key=lambda m: m.offset)  # "said Janey. Her brother laughed.": Janey's
        mentions = tuple(sorted(named + _relatives(text, narration, roster, owners), key=lambda m: m.offset))
        leads: dict[str | None, int] = {}
        for pid, _ in Counter(m.person for m in mentions).most_common():
            leads.setdefault(roster.people[pid].gender(), pid)
        scene = Scene(text, tuple(segments), roster, mentions, tags, (), narrator, leads, words, listed_narrator, held,
                      named_from=named_from)
        return replace(scene, turns=tuple(_turns(scene)))

    scene = assemble()
    joins = _answered_as(scene)
    for other, pid in joins:
        roster.merge(other, pid)
    return assemble() if joins else scene


def with_narrator_called(scene: Scene, name: Form | int) -> Scene:
    """The scene once the first-person narrator's name is known (a person of the
    story or a name, passes.narrator_called): "Tom," said to them is said to the
    narrator, whom the turns then show being spoken to."""
    forms = scene.roster.people[name].forms if isinstance(name, int) else (name,)
    named = replace(scene, narrator_names=frozenset(f.text for f in forms))
    return replace(named, turns=tuple(_turns(named)))


def _answered_as(scene: Scene) -> list[tuple[int, int]]:
    """(other, person) pairs: the one called by a name mostly answers under
    another ('"Here, Tom." / "Yes," said the smith.'), so the two are one
    person: at least weights.ANSWERED_AS_MIN times, and ANSWERED_AS_RATIO
    times as often as they answer to the name as it is."""
    roster = scene.roster
    tagged = {t.number: pids.pop() for t in scene.turns
              if len(pids := {scene.named(scene.tags.get(i)) for i in t.quotes} - {None, scene.narrator}) == 1}
    other: Counter = Counter()
    same: Counter = Counter()
    for a, b in zip(scene.turns, scene.turns[1:]):
        speaker = tagged.get(b.number)
        if a.exchange != b.exchange or speaker is None:
            continue
        for pid in a.addressed:
            if pid in (tagged.get(a.number), scene.narrator):
                continue
            if pid == speaker:
                same[pid] += 1
            elif not roster.people[speaker].known and _may_be_one(roster, pid, speaker):
                other[pid, speaker] += 1
    joins, taken = [], set()
    for (pid, speaker), n in other.most_common():
        if n >= w.ANSWERED_AS_MIN and n >= w.ANSWERED_AS_RATIO * max(1, same[pid]) and not {pid, speaker} & taken:
            joins.append((speaker, pid))
            taken |= {pid, speaker}
    return joins


# "John Grey, otherwise the Artful Fox", "Grey (alias Brown)", "Mrs. Grey, late Price": two names, one person
# (the words between are found first, then the names either side: cheaper than a name tried at every place)
_OTHERWISE = re.compile(r"\s*[,(]\s*(?:otherwise|alias|late|formerly|n[e\u00e9]e|(?:better|also|commonly) known as"
                        r"|(?:otherwise|also|commonly|usually) called)\s+")
_OTHER_NAME = re.compile(_VOCATIVE_NAME.replace("(?P<name>", r"(?P<name>(?:the\s+)?") + r"\b")


def _otherwise_called(text: str, narration: list[tuple[int, int]], roster: Roster) -> list[tuple[int, int]]:
    """(other, person) pairs the narration says are one under two names ("Tom
    Grey, otherwise the Fox"; "Mrs. Grey, late Price"): the less mentioned
    joins the more. "The Artful Fox" is the "Fox" the story goes on calling him."""
    pairs = []
    for start, end in narration:
        for m in _OTHERWISE.finditer(text, start, end):
            first = _NAME_BEFORE.search(text, max(start, m.start() - 60), m.start())
            other = _OTHER_NAME.match(text, m.end(), end)
            if first is None or other is None:
                continue
            a, b = (_lookup_shortened(roster, found.group("name")) for found in (first, other))
            if a is None or b is None or a == b or not _may_be_one(roster, a, b) \
                    or roster.people[a].known and roster.people[b].known:
                continue
            weight = {pid: sum(roster.people[pid].forms.values()) for pid in (a, b)}
            pair = (a, b) if weight[a] < weight[b] else (b, a)
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def _misspelt(roster: Roster) -> list[tuple[int, int]]:
    """(other, person) pairs where ``other`` is written a few times
    (weights.MISSPELT_TIMES), one slip of a letter off a name of someone
    written far more often ("Mr. Browlow" in a book of Mr. Brownlow's): a
    misprint or the author's slip, not a second person, so one voice."""
    weight = [sum(person.forms.values()) for person in roster.people]
    pairs = []
    for rare, person in enumerate(roster.people):
        if not 0 < weight[rare] <= w.MISSPELT_TIMES:
            continue
        like = {pid for form in person.forms for pid, other in enumerate(roster.people)
                if pid != rare and weight[pid] >= w.MISSPELT_RATIO * weight[rare]
                and any(_one_slip(form, theirs) for theirs in other.forms)}
        if len(like) == 1 and _may_be_one(roster, rare, pid := like.pop()) \
                and not (person.known and roster.people[pid].known):
            pairs.append((rare, pid))
    return pairs


def _one_slip(a: Form, b: Form) -> bool:
    """Two forms the same but for one slip in one long word (not at its first
    letter): a letter changed, left out, added, or two swapped."""
    if (a.honorific, a.the, len(a.words)) != (b.honorific, b.the, len(b.words)):
        return False
    differ = [(x, y) for x, y in zip(a.words, b.words) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    if min(len(x), len(y)) < 5 or x[0] != y[0] or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        at = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
        return len(at) == 1 or len(at) == 2 and at[1] == at[0] + 1 and x[at[0]] == y[at[1]] and x[at[1]] == y[at[0]]
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _lookup_shortened(roster: Roster, surface: str) -> int | None:
    """The person a name means; else without the words after "the" but the last
    ("the Artful Fox" as "the Fox"); else, for a bare surname, the one person
    written with it ("Rudd": Mrs. Rudd)."""
    found, form = roster.lookup(surface), parse(surface)
    if found is not None or form is None or form.honorific:
        return found
    if form.the:
        return roster.lookup(f"the {form.words[-1]}") if len(form.words) > 1 else None
    return _called_by_one_word(roster, form.words[0]) if len(form.words) == 1 else None


def _may_be_one(roster: Roster, a: int, b: int) -> bool:
    """Whether two people's genders allow them to be one (an unknown one allows anything)."""
    genders = {roster.people[a].gender(), roster.people[b].gender()}
    return None in genders or len(genders) == 1


# "The detective examined the room." (not "The chief of them"): a role opening a sentence, acting
_ROLE_ACTING = re.compile(rf"(?:^|(?<=[.!?;]\s)|(?<=\n))[Tt]he ({'|'.join(sorted(ROLE_NOUNS))})\b(?= (?!of\b)[a-z])")


def _roles_acting(text: str, narration: list[tuple[int, int]]) -> list[tuple[int, Form]]:
    """Where a trade or role is the subject of a narration sentence ("The
    detective examined the room"): a mention of the person it is, so that one
    who acts but is never tagged ("A detective was sent for. ... The detective
    examined the room. / 'Is this window open?'") takes part in the talk."""
    return [(m.start(), Form("", (m.group(1),), True))
            for start, end in narration for m in _ROLE_ACTING.finditer(text, start, end)]


def _said_in_full(text: str, segments: list[Segment], roster: Roster) -> list[tuple[int, int]]:
    """(given, titled) pairs that are one person because the talk writes the
    full name ("a letter from Caroline Grey") where the narration only says
    "Caroline" and "Miss Grey" (or "Tom" and "Mr. Grey"): the one person called
    by that title and surname, a Miss for a woman's given name, a Mr. for a man's."""
    spoken = [(seg.start, seg.end) for seg in segments if seg.kind == "dialogue"]
    pairs = []
    for form in dict.fromkeys(form for _, form, _ in name_forms(text, spoken)):  # each form once, in order
        if len(form.words) != 2 or form.honorific or form.the:
            continue
        first, surname = form.words
        title = {"female": "miss", "male": "mr"}.get(roster.given_gender(first) or "")
        given = roster.lookup(first)
        if title is None or given is None or any(len(f.words) > 1 for f in roster.people[given].forms):
            continue
        titled = {pid for pid, person in enumerate(roster.people) if Form(title, (surname,), False) in person.forms}
        if len(titled) != 1 or given in titled:
            continue
        pair = (given, titled.pop())
        if pair not in pairs and _may_be_one(roster, *pair) and not any(roster.people[pid].known for pid in pair):
            pairs.append(pair)
    return pairs


def _first_named(roster: Roster, named_at: list[tuple[int, Form]]) -> dict[int, int]:
    """Where the story first names each person (``named_at``: name forms in text order)."""
    first_of_form: dict[Form, int] = {}
    for offset, form in named_at:
        first_of_form.setdefault(form, offset)
    first: dict[int, int] = {}
    for form, offset in first_of_form.items():  # in text order, so the first offset of a person stays
        if (pid := roster.lookup(form.text)) is not None:
            first.setdefault(pid, offset)
    return first


def _by_then(named_from: dict[int, tuple[int, int]], pid: int | None, offset: int) -> int | None:
    """Who a role's person is at ``offset``: the named person it is beside,
    once the story has named them (_add_roles); before, someone else."""
    start, named = named_from.get(pid, (None, None))
    return named if start is not None and offset >= start else pid


def _listed_as(roster: Roster, role: str) -> int | None:
    """The one listed character whose name is the role and more ("The Landlord of the Inn" for
    "the landlord"), when just one is."""
    found = {pid for pid, person in enumerate(roster.people) if person.known
             for form in person.forms if form.the and len(form.words) > 1 and form.words[0] == role}
    return next(iter(found)) if len(found) == 1 else None


def _add_roles(text: str, roster: Roster, roles: Counter, first_use: dict[str, int],
               named_at: list[tuple[int, Form]]) -> tuple[dict[str, frozenset[int]], dict[int, tuple[int, int]]]:
    """A trade or role a tag names ("said the cook"), or one the narration
    shows acting (weights.ROLE_ACTS), is a person of its own, unless the
    narration sets it beside one person's name ("Mr. Grey, the butler," /
    "the butler, Mr. Grey" / "Mr. Grey, a surgeon," for "the doctor":
    vocabulary.ROLE_KINDS), or the talk says the one is the other ("Grey's
    our butler", "Grey was a surgeon"): then it is another name of theirs. A
    role set beside several names, or beside one while someone already goes
    by it (a listed "The Doctor"), is held by each of them: returned (role ->
    people), for a tag to mean the one in view (Scene.named). A role at work
    well before the story first names the one it is set beside (weights.
    NAMED_AHEAD) is someone else until then, the parish doctor of the first
    chapter before the named doctor of the tenth: returned (role's person ->
    (offset, named person)), for Scene.by_then."""
    if not roles:
        return {}, {}
    kinds: dict[str, set[str]] = {}  # a word in the text -> the roles of the tags it names
    for form in roles:
        for word in ROLE_KINDS.get(form.words[0], (form.words[0],)):
            kinds.setdefault(word, set()).add(form.words[0])
    nouns = "|".join(sorted(kinds))
    beside: dict[str, set[int]] = {}
    pattern = (rf"(?P<comma>,\s+)?\b(?:the|(?P<a>an?)|(?P<own>our|my|your|his|her|their))\s+(?:[a-z]+\s+)?"
               rf"(?P<noun>{nouns})\b(?P<after>\s*,\s+)?")
    for m in re.finditer(pattern, text):  # "Mr. Grey, the butler," / "Mr. Grey, a surgeon," / "Grey's our cook"
        near = max(0, m.start() - 60)
        before = m.group("comma") and not m.group("own") and _NAME_BEFORE.search(text, near, m.start())
        if before and _IN_A_LIST.search(text, near, before.start()):
            before = None  # "Mrs. Lee, Mr. Grey, the butler and the maid": a list, not "Mr. Grey, the butler,"
        after = m.group("after") and not m.group("a") and not m.group("own") and _NAME_AFTER.match(text, m.end())
        being = not m.group("comma") and _NAME_IS.search(text, near, m.start())
        for name in (before, after, being):
            if name and (pid := roster.lookup(name.group("name"))) is not None:
                for role in kinds[m.group("noun")]:
                    beside.setdefault(role, set()).add(pid)
    own = Counter()
    held, later = {}, {}
    first_named: dict[int, int] | None = None
    for form in roles:
        people = beside.get(form.words[0], set())
        if not people and form.words[0] in HONORIFICS and len(titled := roster.titled(form.words[0])) == 1:
            people = titled  # "the doctor" is Dr. Lane, the one doctor the story names
        already = roster.lookup(form.text)  # someone goes by it: a listed "The Doctor"
        if already is None and not people and (listed := _listed_as(roster, form.words[0])) is not None:
            roster.alias(form, listed)  # "the landlord" is the one listed as "The Landlord of the Inn"
            continue
        if len(people) == 1 and already is None:
            pid = next(iter(people))
            first_named = _first_named(roster, named_at) if first_named is None else first_named  # once, if needed
            named = first_named.get(pid)
            if named is None or first_use[form.words[0]] >= named - w.NAMED_AHEAD:
                roster.alias(form, pid)
                continue
            later[form] = (named - w.NAMED_AHEAD, pid)
        elif people:
            held[form.words[0]] = frozenset(people)
        if already is None:
            own[form] = roles[form]
    roster.add(own, set(own))
    return held, {roster.lookup(form.text): named for form, named in later.items()}


class _Written:
    """How often the text writes a phrase, in any case and across line breaks;
    each phrase counted once, in the text made lower case with single spaces."""

    def __init__(self, text: str):
        self._text, self._flat, self._times = text, "", {}

    def __call__(self, phrase: str) -> int:
        if phrase not in self._times:
            self._flat = self._flat or " " + " ".join(self._text.lower().split())
            self._times[phrase] = self._flat.count(" " + phrase)
        return self._times[phrase]


def _epithet(text: str, tag: Tag, written: _Written) -> Form | None:
    """A description the story keeps using as someone's name: "said the
    gentleman in the grey coat", when the narration writes "the gentleman in
    the grey coat" weights.EPITHET_TIMES times. A person of their own (the tag
    finds them by the whole, Scene._known_as); "the gentleman" alone could be
    anyone in view."""
    if not tag.who.startswith("the ") or tag.noun not in PERSON_NOUNS or tag.noun == "voice":
        return None
    rest = _POSTMODIFIER.match(text, tag.offset + len(tag.who))
    if rest is None:
        return None
    phrase = " ".join((tag.who + rest.group()).lower().split())
    return parse(phrase) if written(phrase) >= w.EPITHET_TIMES else None


def _stranger(text: str, tag: Tag) -> Form | None:
    """The name of someone a tag brings on as new ("said a sleepy-faced
    carpenter"): the description made definite, so that "the sleepy-faced
    carpenter" later is the same one and has a voice of their own. Only a
    description that tells them apart does: "a man" or "an old gentleman"
    could be anyone already in the story; so could "a voice", heard before
    its owner is seen; and "Mr. Grey, a tall man," describes Mr. Grey."""
    determiner, *words = tag.who.split()
    if determiner not in ("a", "an") or tag.noun not in PERSON_NOUNS or tag.noun == "voice" \
            or all(word in PLAIN_ADJECTIVES for word in words[:-1]) and tag.noun not in NEWCOMER_NOUNS:
        return None
    before = text[max(0, tag.offset - 60):tag.offset].rstrip()
    if before.endswith(",") and _NAME_BEFORE.search(before[:-1]):
        return None
    return parse("the " + " ".join(words))


def _shortened(tags: dict[int, Tag], strangers: Counter) -> Counter:  # (shorter, longer) -> times
    """Later tags that name a newcomer by the last words of the description
    that brought them on ("the hump-backed man" for "a little ugly
    hump-backed man"): their names too, counted, so that the one the story
    uses most is the name shown. One word alone ("the man") could be anyone."""
    shorter: Counter = Counter()
    for tag in tags.values():
        words = tuple(tag.who.split()[1:])
        if tag.kind != "description" or not tag.who.startswith("the ") or len(words) < 2:
            continue
        longer = [f for f in strangers if len(f.words) > len(words) and f.words[-len(words):] == words]
        if len(longer) == 1:
            shorter[(Form("", words, True), longer[0])] += 1
    return shorter


def _kin(tag: Tag) -> Form | None:
    """"said my uncle", in a story told by I: the narrator's family is someone of the story."""
    words = tag.who.split()
    return Form("", ("my", tag.noun)) if words[0] == "my" and tag.noun in KIN_NOUNS and words[-1] == tag.noun \
        else None


def _relatives(text: str, narration: list[tuple[int, int]], roster: Roster, named: list[Mention]) -> list[Mention]:
    """"Her father" in the narration, as a mention of Mr. Grey when the woman last
    acting is a Grey: the father is in view even where he is not named."""
    out = []
    starts = [m.offset for m in named]
    for start, end in narration:
        for m in _RELATION.finditer(text, start, end):
            gender = POSSESSIVE_GENDER[m.group(1).lower()]
            i = bisect.bisect_left(starts, m.start()) - 1
            while i >= 0 and not (named[i].subject and roster.people[named[i].person].gender() == gender):
                i -= 1
            relation = m.group(2)
            relative = roster.relative(named[i].person, RELATIVE_TITLE[relation], by_marriage=relation in MARRIAGE) \
                if i >= 0 else None
            if relative is not None:
                out.append(Mention(m.start(), relative, _is_subject(text, m.start())))
        for m in _MY_KIN.finditer(text, start, end):  # "My aunt came out.": the aunt a tag made someone
            if (kin := roster.lookup(f"my {m.group(1)}")) is not None:
                out.append(Mention(m.start(), kin, _is_subject(text, m.start())))
    return out


_MY_KIN = re.compile(r"\b[Mm]y\s+(" + "|".join(sorted(KIN_NOUNS)) + r")\b")


_AND_NEXT = re.compile(r"[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}\s+and\s+$")


def _and_joined(text: str, before: int, after: int) -> bool:
    """Whether the name at ``before`` and the one at ``after`` are written "A and B"."""
    return after - before < 60 and bool(_AND_NEXT.fullmatch(text, before, after))


def _side_by_side(text: str, found: list[tuple[int, Form]]) -> frozenset:
    """Pairs of name forms the narration joins with "and" ("Mr. Knightley and Mr. John Knightley came in"):
    two people, whatever else would make them one."""
    found = sorted(found, key=lambda pair: pair[0])
    return frozenset(frozenset((a, b)) for (start, a), (end, b) in zip(found, found[1:])
                     if a != b and _and_joined(text, start, end))


def _paired(mentions: list[Mention], text: str) -> list[Mention]:
    """"Lefferts and Chivers struck away": two people acting together are a
    "they", so neither is the one a "he" or "she" after them means; neither
    stays a subject."""
    mentions = sorted(mentions, key=lambda m: m.offset)
    paired = {k for k in range(1, len(mentions)) if mentions[k].person != mentions[k - 1].person
              and _and_joined(text, mentions[k - 1].offset, mentions[k].offset)}
    return [replace(m, subject=False) if k in paired or k + 1 in paired else m for k, m in enumerate(mentions)]


def _is_subject(text: str, offset: int) -> bool:
    return offset == 0 or text[max(0, offset - 2):offset].strip() == "" \
        or bool(_SUBJECT_BEFORE.search(text, max(0, offset - 12), offset)) \
        or bool(_OPENER_BEFORE.search(text, max(0, offset - 60), offset))


def _turns(scene: Scene) -> Iterator[Turn]:
    segments = scene.segments
    by_paragraph: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        if seg.kind == "dialogue" and not seg.skip:
            by_paragraph.setdefault(seg.paragraph, []).append(i)
    exchange, last_end, previous = 0, 0, None
    for number, (paragraph, quotes) in enumerate(by_paragraph.items()):
        start, end = _span(segments, quotes[0], -1), _span(segments, quotes[-1], 1)
        gap = scene.text[last_end:start].strip(" \n\"\u201d")
        if previous is not None and len(gap.split()) > w.CONVERSATION_GAP_WORDS:
            exchange += 1
        continued = previous is not None and continues_previous(scene.text, segments[previous[-1]],
                                                                segments[quotes[0]])
        called = tuple(_vocatives(scene, quotes))
        vocatives = [pid for form in called if (pid := _addressee(scene, form, start)) is not None]
        addressed = tuple(dict.fromkeys(vocatives + _spoken_to(scene, paragraph, quotes)
                                        + _parents_called(scene, quotes, start)))  # in the order they are called
        named = _spoken_of(scene, quotes) - set(addressed)
        lead = quotes[0]
        while lead > 0 and segments[lead - 1].paragraph >= paragraph - w.LEAD_IN_PARAGRAPHS:
            lead -= 1
        yield Turn(number, paragraph, tuple(quotes), start, end, segments[lead].start, exchange, continued, called,
                   addressed, frozenset(named), _addressee_gender(scene, quotes),
                   all(_unspoken(scene, i) for i in quotes))
        last_end, previous = end, quotes


# What someone wanted, was about or was tempted to say, right before the quotation: not said
_UNSPOKEN = re.compile(
    r"\b(?:felt\s+like\s+(?:saying|answering|asking|crying|replying)"
    r"|(?:was|were)\s+(?:about|tempted|going|longing|dying)\s+to\s+(?:say|ask|cry|answer|exclaim|reply)"
    r"|on\s+the\s+(?:tip|point)\s+of\s+(?:his|her|my|their)\s+tongue\s+to\s+(?:say|ask|answer|exclaim)"
    r"|(?:longed|wanted|wished|yearned|ached)\s+to\s+(?:say|ask|cry|answer|exclaim|reply)"
    r"|(?:would|could|might)\s+have\s+(?:said|asked|cried|answered|exclaimed))"
    r"(?:\s+(?:to\s+)?(?:him|her|them|me|us|himself|herself))?\s*[:,\u2014-]*\s*$")


def _unspoken(scene: Scene, quote: int) -> bool:
    """'He felt like answering: "Not till I saw you."': a quotation after narration in its own
    paragraph saying it was only wanted or about to be said, not said."""
    before = scene.segments[quote - 1] if quote else None
    return before is not None and before.kind == "narration" and before.paragraph == scene.segments[quote].paragraph \
        and bool(_UNSPOKEN.search(scene.text, max(before.start, before.end - 80), before.end))


def _span(segments: tuple[Segment, ...], i: int, step: int) -> int:
    """The start (step -1) or end (step 1) of the paragraph of segment ``i``."""
    paragraph = segments[i].paragraph
    while 0 <= i + step < len(segments) and segments[i + step].paragraph == paragraph:
        i += step
    return segments[i].start if step < 0 else segments[i].end


# A quotation inside a quotation: "'Lady Catherine,' said she, 'you have given me a treasure.'"
_INNER_QUOTE = re.compile(r"(?<!\w)['\u2018][^'\u2018\u2019]{1,200}?['\u2019](?!\w)")


def _inner_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _INNER_QUOTE.finditer(text, start, end)]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _vocatives(scene: Scene, quotes: list[int]) -> Iterator[Form]:
    for i in quotes:
        seg = scene.segments[i]
        quoted = scene.text[seg.start + 1: seg.end]
        inner = _inner_quotes(quoted, 0, len(quoted))  # said to someone else, once
        for m in _VOCATIVE.finditer(quoted):
            if _inside(m.start(), inner):
                continue
            form = parse(m.group("name") or m.group("name2") or m.group("name3"))
            if form and form.the and quoted[m.end():].lstrip().startswith("?"):
                continue  # "The Frenchman?": asked about him; no one is called "the ..."
            if form and form.words[0] not in NOT_NAMES and not _APPOSITION.search(quoted, 0, m.start()) \
                    and not _RELATIVE_CLAUSE.match(quoted, m.end()) and not _apposition_within(quoted, m):
                yield form


def _apposition_within(quoted: str, m: re.Match) -> bool:
    """"His boy, Joe, shaved me": a name set off by commas right after a person noun,
    the sentence going on after it, names that person ("A fine boy, Joe!" is said to Joe)."""
    return bool(m.group("name2")) and quoted.startswith(",", m.end()) \
        and bool(_APPOSITION.search(quoted, 0, m.start() + 1))


def _addressee(scene: Scene, form: Form, before: int) -> int | None:
    """Who a name said to someone means. A title and surname several people
    share ("Miss Grey") is the one of them last mentioned; the name the
    others call the narrator by is the narrator."""
    if form.text in scene.narrator_names:
        return scene.narrator
    sharing = scene.roster.sharing(form)
    if len(sharing) > 1 and (pid := scene.last_named(sharing, before, window=41)) is not None:
        return pid
    found = scene.roster.lookup(form.text)
    if found is None and len(sharing) == 1:
        return next(iter(sharing))  # "Mr. Hale" said to the one Hale of that gender, Tom Hale
    if found is not None or form.honorific or form.the or len(form.words) != 1:
        return found
    return _called_by_one_word(scene.roster, form.words[0])


def _called_by_one_word(roster: Roster, word: str) -> int | None:
    """Whom one word said to someone means when it is no name of the narration's:
    a rank ("General": the General), or the surname of the one person it is
    written with ("Rudd": Mrs. Rudd, the only Rudd)."""
    if word in HONORIFICS and (pid := roster.lookup(f"the {word}")) is not None:
        return pid
    owners = {pid for pid, person in enumerate(roster.people)
              if any(f.words[-1] == word and not f.the and (f.honorific or len(f.words) > 1) for f in person.forms)}
    return owners.pop() if len(owners) == 1 else None


def _parents_called(scene: Scene, quotes: list[int], before: int) -> list[int]:
    """"Mother, ..." or "Dad!" is said to a parent: the Mrs. (or Mr.) last
    mentioned whose surname someone else in view shares, their child."""
    genders = {PARENT_GENDER[m.group("title").lower()] for i in quotes
               for m in _TITLE_VOCATIVE.finditer(scene.segments[i].text) if m.group("title").lower() in PARENT_GENDER}
    out = []
    i = bisect.bisect_left(scene.mentions, before, key=lambda m: m.offset)
    in_view = [m.person for m in scene.mentions[max(0, i - 40):i]][::-1]
    for gender in sorted(genders):  # "male" before "female", whatever the hash
        title = PARENT_TITLE[gender].rstrip(".").lower()
        for pid in dict.fromkeys(in_view):
            surnames = {f.words[-1] for f in scene.roster.people[pid].forms if f.honorific == title}
            if any(other != pid and any(f.words[-1] in surnames and not f.the for f in scene.roster.people[other].forms)
                   for other in set(in_view)):
                out.append(pid)
                break
    return out


def _spoken_to(scene: Scene, paragraph: int, quotes: list[int]) -> list[int]:
    """Whom the turn's own narration says it is said to ("I said to Mrs. Grey"), in text order."""
    out = []
    for i in range(quotes[0] - 1, quotes[-1] + 2):
        seg = scene.segments[i] if 0 <= i < len(scene.segments) else None
        if seg is not None and seg.kind == "narration" and seg.paragraph == paragraph:
            for m in _SAID_TO.finditer(scene.text, seg.start, seg.end):
                if (pid := scene.roster.lookup(m.group("name"))) is not None:
                    out.append(pid)
    return out


def _spoken_of(scene: Scene, quotes: list[int]) -> set[int]:
    """Who the quotations speak of by name, not counting names inside a quotation they quote (someone
    telling what was said to them by name)."""
    spans = [(scene.segments[i].start, scene.segments[i].end) for i in quotes]
    inner = [span for start, end in spans for span in _inner_quotes(scene.text, start, end)]
    return {pid for offset, form, _ in name_forms(scene.text, spans) if not _inside(offset, inner)
            and (pid := scene.roster.lookup(form.text)) is not None}


def _addressee_gender(scene: Scene, quotes: list[int]) -> str | None:
    genders = {TITLE_GENDER[m.group("title").lower()] for i in quotes
               for m in _TITLE_VOCATIVE.finditer(scene.segments[i].text)} - {None}
    return genders.pop() if len(genders) == 1 else None
