"""The passes that decide who speaks each turn, most certain first (in the
spirit of Muzny et al.'s quote-attribution sieve). Each takes the scene and
the decisions so far and returns new decisions; none changes the scene.

1. ``explicit``: a tag naming the speaker ("said Tom"), or "I said".
2. ``walk``: through the story in order, each undecided turn gets the first
   answer of the RULES: a he/she or description tag resolved against who is
   in view; a quotation continued from the turn before; someone acting in
   the turn's own narration or next to it; the one the last speaker called
   by name; the turn-taking of the exchange.
3. ``settle``: each exchange decided as a whole (conversation.py), so that
   the sure turns carry to the guessed ones in both directions.
4. ``name_narrator``: the first-person narrator under the name others call them
   (``narrator_called``; resolver.py reads the story again once it is known).
5. ``rate``: how sure each decision is.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from . import weights as w
from .conversation import best_sequence, turn_taking_weight
from .names import Form, listed_names, parse
from .narrator import narrator_name, self_named, unnamed_narrator
from .salience import (
    OPENING_SUBJECT,
    View,
    by_gender,
    expected_speaker,
    last_sentence_subject,
    pronoun_gender,
    sentence_start,
)
from .scene import Scene, Turn
from .tags import Tag, description_gender
from .vocabulary import MARRIAGE, PERSON_NOUNS, POSSESSIVE_GENDER, RANK_ADDRESS, RELATIVE_TITLE, YOUNG_WOMEN


@dataclass(frozen=True)
class Decision:
    speaker: int | None  # person id
    how: str  # which rule decided: "explicit", "pronoun", "alternation"... or "unknown"
    confidence: float = 0.0
    voices: tuple[tuple[int, int], ...] = ()  # (quote, person) where a quote is not the turn speaker's
    gender: str | None = None  # what the turn's he/she or "his wife" asks for
    rivals: int = 0  # people who were in the running (of that gender, or in the exchange)
    contested: bool = False  # settling the exchange overturned the first guess
    margin: float = math.inf  # a he/she or description's lead over the next person it could mean (salience.Pick)


Decisions = dict[int, Decision]  # turn number -> its decision
UNKNOWN = Decision(None, "unknown")
ASIDE = "aside"  # only a parenthetical aside is decided; the turn's own speech is not


# ----------------------------------------------------------------- 1. explicit
def explicit(scene: Scene, decided: Decisions) -> Decisions:
    """Turns a tag names the speaker of ("said Tom", "I said" in a story told by I).

    A tagged quotation in parentheses inside someone else's speech is an aside
    in its own voice; where two people are named in one paragraph, each
    quotation takes the tag before it."""
    out = dict(decided)
    for turn in scene.turns:
        named = {i: pid for i in turn.quotes if (pid := scene.named(scene.tags.get(i))) is not None}
        if not named:
            continue
        asides = {i: pid for i, pid in named.items()
                  if scene.text[scene.segments[i].start - 1:scene.segments[i].start] == "("}
        main = {i: pid for i, pid in named.items() if i not in asides}
        if not main and len(asides) < len(turn.quotes):  # only an aside is tagged: the speech around it is open
            out[turn.number] = Decision(None, ASIDE, voices=tuple(asides.items()))
            continue
        main = main or named
        first = current = main[min(main)]
        speaker_of = {}
        for i in turn.quotes:
            current = main.get(i, current)
            speaker_of[i] = asides.get(i, current)
        speaker = first if len(set(main.values())) == 1 else current
        how = ("first-person" if all(scene.tags[i].who == "I" for i in main)
               else "role" if all(scene.tags[i].kind in ("description", "someone") for i in main) else "explicit")
        out[turn.number] = Decision(speaker, how, voices=tuple((i, p) for i, p in speaker_of.items() if p != speaker))
    return out


# -------------------------------------------------------------------- 2. walk
Rule = Callable[[Scene, View, Turn, Decisions, list, "int | None"], "Decision | None"]


def walk(scene: Scene, decided: Decisions) -> Decisions:
    """Read the story in order, deciding each turn the explicit pass left by the first rule that answers."""
    out = dict(decided)
    view = View(scene)
    spoken: dict[int, list[int | None]] = defaultdict(list)  # exchange -> its speakers so far
    previous = None
    for turn in scene.turns:
        view.read_to(turn.start)
        speakers = spoken[turn.exchange]
        decision = out.get(turn.number)
        if decision is None or decision.how == ASIDE:
            found = next((d for rule in RULES if (d := rule(scene, view, turn, out, speakers, previous))), UNKNOWN)
            decision = replace(found, voices=decision.voices) if decision else found
        decision = _someone_else(scene, view, turn, decision, speakers, previous)
        out[turn.number] = decision
        end = scene.segments[turn.quotes[-1]].end
        view.read_to(end)
        if decision.speaker is not None and decision.speaker not in scene.someones:
            view.see(decision.speaker)
            if decision.how in w.TAGGED:
                view.hear(decision.speaker, end)
        if not turn.unspoken:  # what someone only wanted to say takes no turn in the talk
            speakers.append(decision.speaker)
            previous = decision.speaker
    return out


def _someone_else(scene: Scene, view: View, turn: Turn, decision: Decision, speakers: list, previous) -> Decision:
    """'"...," the Footman went on. "...," she said': in a turn decided by its
    first tag, a he/she that cannot be the one decided is someone else's
    quotation ('"...," she said, and he answered: "..."'); so is one a relation
    tags ('"...," said Tom; and his mother added: "..."')."""
    voices = dict(decision.voices)
    carried = None  # an untagged quotation goes on in the voice of the tagged one before it
    for i in turn.quotes:
        tag = scene.tags.get(i)
        if tag is None:
            if carried is not None and i not in voices:
                voices[i] = carried
            continue
        carried = None
        if i in voices or tag.kind == "name":
            continue
        gender = pronoun_gender(tag.who) if tag.kind == "pronoun" else None
        named = {decision.speaker, *voices.values()} - {None}
        if gender and decision.speaker is not None and not scene.fits(decision.speaker, gender, strict=False) \
                and (earlier := [pid for pid in voices.values() if scene.fits(pid, gender)]):
            voices[i] = carried = earlier[-1]  # '"...," she said; "...," he answered. "...," he went on'
        elif gender and not any(scene.fits(pid, gender, strict=False) for pid in named):
            pid = by_gender(scene, view, turn, tag.offset, gender, speakers, exclude=named, previous=previous).person
            if pid is not None:
                voices[i] = carried = pid
        elif tag.kind == "description" and tag.noun in RELATIVE_TITLE and scene.named(tag) is None:
            other = _described(scene, view, turn, tag, speakers, previous)
            if other is not None and other.speaker not in named:
                voices[i] = carried = other.speaker
    return replace(decision, voices=tuple(voices.items())) if len(voices) != len(decision.voices) else decision


def from_tag(scene: Scene, view: View, turn: Turn, decided: Decisions, speakers: list, previous) -> Decision | None:
    """A he/she or a description tag ("she said", "the old man answered",
    "his wife said"), resolved against the people in view."""
    for i in turn.quotes:
        tag = scene.tags.get(i)
        if tag is None or tag.kind == "name" or tag.who == "I":
            continue
        if tag.kind == "pronoun":
            gender = pronoun_gender(tag.who)
            if gender is None:
                continue
            pick = by_gender(scene, view, turn, tag.offset, gender, speakers, previous=previous)
            if pick.person is not None:
                return Decision(pick.person, "pronoun", gender=gender, rivals=pick.rivals, margin=pick.margin)
            continue
        decision = _described(scene, view, turn, tag, speakers, previous)
        if decision is not None:
            return decision
    return None


def _described(scene: Scene, view: View, turn: Turn, tag: Tag, speakers: list, previous) -> Decision | None:
    if tag.noun not in PERSON_NOUNS:
        return None
    determiner, noun = tag.who.split()[0], tag.noun
    gender = POSSESSIVE_GENDER.get(determiner) if noun in RANK_ADDRESS else description_gender(noun)  # "her Grace"
    exclude = {scene.narrator} if determiner == "my" and scene.narrator is not None else set()
    if noun in YOUNG_WOMEN or (gender == "female" and "young" in tag.who.split()):
        exclude |= scene.married_women  # "the girl" is no Mrs. Grey
    if "old" in tag.who.split():
        exclude |= scene.called_by_given_name  # "the old gentleman" is not Tom
    owner = None
    if "'s " in tag.who:  # "Tom's wife", "the smith's wife", "Tom's cook": not Tom
        owner = scene.roster.lookup(tag.who.rsplit("'s ", 1)[0])
    elif determiner in POSSESSIVE_GENDER and noun in RELATIVE_TITLE:  # "his wife": of the man in view
        owner = _owner(scene, turn, POSSESSIVE_GENDER[determiner], speakers, view)
    if owner is not None:
        relative = scene.roster.relative(owner, RELATIVE_TITLE[noun], by_marriage=noun in MARRIAGE) \
            if noun in RELATIVE_TITLE else None
        if relative is not None:
            return Decision(relative, "relative", gender=gender)
        exclude.add(owner)
    pick = by_gender(scene, view, turn, tag.offset, gender, speakers, exclude=exclude, previous=previous)
    return Decision(pick.person, "description", gender=gender, rivals=pick.rivals, margin=pick.margin) \
        if pick.person is not None else None


def _owner(scene: Scene, turn: Turn, gender: str, speakers: list, view: View) -> int | None:
    """Whose relative "his wife" is: the one addressed, else the last speaker, else the topic of that gender."""
    last = speakers[-1] if speakers else None
    for pid in (*turn.addressed, last, view.topic.get(gender)):
        if pid is not None and pid != scene.narrator and scene.fits(pid, gender):
            return pid
    return None


def continued(scene: Scene, view: View, turn: Turn, decided: Decisions, speakers: list, previous) -> Decision | None:
    """A speech running on from the paragraph before keeps its speaker."""
    if turn.continued and turn.number and (before := decided.get(turn.number - 1)) and before.speaker is not None:
        return Decision(before.speaker, "continued")
    return None


def context(scene: Scene, view: View, turn: Turn, decided: Decisions, speakers: list, previous) -> Decision | None:
    """Someone acting in the turn's own narration speaks. Surer ("context",
    0.8 right): the paragraph's first named subject before the first quotation,
    or a name opening the narration right after it. Less sure ("nearby", 0.6):
    a he/she opening the sentence that leads in or the narration after, the
    subject of a later sentence leading in, anyone named before the quotation,
    the subject of a narration paragraph just before."""
    pid, sure = _acting(scene, view, turn, speakers, previous)
    if pid is None or pid in turn.addressed:
        return None
    return Decision(pid, "context" if sure else "nearby")


def _acting(scene: Scene, view: View, turn: Turn, speakers: list, previous) -> tuple[int | None, bool]:
    """Who acts around the turn's first quotation, and whether that is one of the surer clues (see ``context``)."""
    text, first = scene.text, scene.segments[turn.quotes[0]]
    sentence = sentence_start(text, turn.start, first.start)
    m = OPENING_SUBJECT.match(text, sentence, first.start) if first.start > turn.start else None
    if m and m.group("pronoun"):  # "She looked at her father... He took the hint, and said,"
        return by_gender(scene, view, turn, sentence, pronoun_gender(m.group("pronoun")), speakers,
                         previous=previous).person, False
    if sentence > turn.start:
        for mention in scene.mentions_between(sentence, first.start):
            if mention.subject:
                return mention.person, False
    before = list(scene.mentions_between(turn.start, first.start))
    for mention in before:
        if mention.subject:
            return mention.person, True
    if before:
        return before[0].person, False
    nxt = turn.quotes[0] + 1
    if nxt < len(scene.segments) and scene.segments[nxt].paragraph == turn.paragraph \
            and scene.segments[nxt].kind == "narration":
        seg = scene.segments[nxt]
        m = OPENING_SUBJECT.match(text, seg.start, seg.end)
        if m and m.group("pronoun"):
            return by_gender(scene, view, turn, seg.start, pronoun_gender(m.group("pronoun")), speakers,
                             previous=previous).person, False
        if m:
            return next((mention.person for mention in scene.mentions_between(seg.start, seg.start + 1)), None), True
    return last_sentence_subject(scene, view, turn, speakers), False


def addressed(scene: Scene, view: View, turn: Turn, decided: Decisions, speakers: list, previous) -> Decision | None:
    """The one the last turn of the exchange called by name answers."""
    last = scene.turn_before(turn)
    if last is None:
        return None
    last_speaker = decided.get(last.number, UNKNOWN).speaker
    for pid in reversed(last.addressed):  # "..., Caroline. Do not you, Darcy?": the one called last
        if pid != last_speaker and pid not in turn.addressed:
            return Decision(pid, "addressed")
    return None


def alternation(scene: Scene, view: View, turn: Turn, decided: Decisions, speakers: list, previous) -> Decision | None:
    """Turn-taking: the one before the last speaker, else whoever else was last in
    view (a first-person narrator whom the narration just before shows speaking,
    "I asked after his sister", first); opening an exchange, the likeliest person in view."""
    if not speakers:
        pid = by_gender(scene, view, turn, scene.segments[turn.quotes[0]].start, None, speakers,
                        previous=previous).person
        return Decision(pid, "alternation") if pid is not None else None
    spoken_to_or_of = {*turn.addressed, *(turn.named - {scene.narrator})}  # "Would Mr. Darcy agree?": not Darcy
    expected = expected_speaker(speakers)
    if expected is not None and expected not in spoken_to_or_of:
        return Decision(expected, "alternation")
    if speakers[-1] is None:
        return None
    in_view = view.recent[-30:]
    if scene.narrator is not None and _I_SPOKE.search(scene.text, turn.lead_in, turn.start):
        in_view = [*in_view, scene.narrator]  # "I inquired after Polina.": the narrator has spoken in the talk
    for pid in reversed(in_view):
        if pid != speakers[-1] and pid not in spoken_to_or_of:
            return Decision(pid, "alternation")
    return None


RULES: tuple[Rule, ...] = (from_tag, continued, context, addressed, alternation)


# ------------------------------------------------------------------ 3. settle
def settle(scene: Scene, decided: Decisions) -> Decisions:
    """Re-decide each exchange's turns together, keeping what tags made sure."""
    out = dict(decided)
    before: Sequence[Turn] = ()
    for exchange in _exchanges(scene):
        candidates = _participants(scene, exchange, out, before)
        before = exchange
        if len(exchange) < 2 or len(candidates) < 2:
            continue
        evidence = [_evidence(scene, turn, exchange[k - 1] if k else None,
                              exchange[k + 1] if k + 1 < len(exchange) else None, out, candidates)
                    for k, turn in enumerate(exchange)]
        # a "continuation" a tag gives to someone else is a quote the text left open
        flags = [t.continued and out[t.number].how not in w.TAGGED for t in exchange]
        gaps = [0] + [scene.narration_words(a, b) for a, b in zip(exchange, exchange[1:])]
        chosen = best_sequence(candidates, evidence, flags, gaps)
        present = {pid for t, pid in zip(exchange, chosen) if out[t.number].how in w.SHOWN_PRESENT}
        for scores in evidence:
            for pid in present & scores.keys():
                scores[pid] += w.PRESENT
        for turn, pid in zip(exchange, best_sequence(candidates, evidence, flags, gaps)):
            decision = out[turn.number]
            if decision.speaker != pid and decision.how not in w.FIXED:
                out[turn.number] = Decision(pid, "alternation", voices=decision.voices, rivals=len(candidates),
                                            contested=decision.speaker is not None)
            elif decision.how == "alternation":
                out[turn.number] = replace(decision, rivals=len(candidates))
    return out


def _exchanges(scene: Scene) -> list[list[Turn]]:
    groups: dict[int, list[Turn]] = {}
    for turn in scene.turns:
        if not turn.unspoken:
            groups.setdefault(turn.exchange, []).append(turn)
    return list(groups.values())


def _participants(scene: Scene, exchange: list[Turn], decided: Decisions, before: Sequence[Turn] = ()) -> list[int]:
    """Who may speak in an exchange: the speakers first guessed, those addressed,
    those the narration around it names as subjects, the narrator, once for
    each time the narration there says "I" did something, and those a tag
    showed speaking in the exchange ``before``, when a single narration
    paragraph is all that parts the two: the talk goes on."""
    votes: Counter = Counter()
    if before and exchange[0].paragraph - before[-1].paragraph == 2:  # one narration paragraph between
        for turn in before:
            if (d := decided[turn.number]).speaker is not None and d.how in w.TAGGED:
                votes[d.speaker] += w.CARRIED_OVER
    for turn in exchange:
        if (speaker := decided[turn.number].speaker) is not None:
            votes[speaker] += 2
        votes.update(turn.addressed)
    for mention in scene.mentions_between(exchange[0].lead_in, exchange[-1].end):
        if mention.person != scene.narrator and mention.person not in scene.unheard:
            votes[mention.person] += mention.subject
    if scene.narrator is not None:  # "I inquired after Nora."
        first = exchange[0].quotes[0]
        while first > 0 and scene.segments[first - 1].start >= exchange[0].lead_in:
            first -= 1
        around = scene.segments[first:exchange[-1].quotes[-1]]
        votes[scene.narrator] += sum(len(_I_ACTS.findall(seg.text)) for seg in around if seg.kind == "narration")
    return [pid for pid, _ in votes.most_common(w.PARTICIPANTS)]


_I_SPOKE = re.compile(r"\bI\s+(?:had\s+)?(?:asked|inquired|enquired|said|replied|answered|told|begged|remarked|observed"
                      r"|explained|suggested|added|protested|cried|exclaimed|called)\b")
_I_ACTS = re.compile(r"(?:^|[.!?;,]\s+|\b(?:and|then|when|as|so|but)\s+)I\s+[a-z]+")  # "I went", "and I saw"


def _evidence(scene: Scene, turn: Turn, previous: Turn | None, following: Turn | None, decided: Decisions,
              candidates: list[int]) -> dict:
    decision = decided[turn.number]
    last = decided[previous.number] if previous is not None else None
    scores = {}
    for pid in candidates:
        score = w.EVIDENCE.get(decision.how, 0.0) * _lead(decision) if pid == decision.speaker else 0.0
        if decision.how in w.FIXED and pid != decision.speaker:
            score -= w.EVIDENCE[decision.how]
        if decision.gender and not scene.fits(pid, decision.gender, strict=False):
            score -= w.WRONG_GENDER
        elif decision.gender and scene.fits(pid, decision.gender):
            score += w.GENDER_FITS
        if previous is not None and pid in previous.addressed and pid != last.speaker:
            score += w.ADDRESSED_BEFORE
        if following is not None and pid in following.addressed and not following.continued \
                and not _summons(scene, following) and pid != scene.narrator:
            score += w.ANSWERED  # "..." / "Yes, Tom." : the one the next turn calls by name spoke this one
        if previous is not None and previous.addressee_gender and pid != last.speaker:
            score += w.TITLE_FITS if scene.fits(pid, previous.addressee_gender) else -w.TITLE_FITS
        runs_on = turn.continued and decision.how not in w.TAGGED
        if pid in turn.addressed and not runs_on:
            score -= w.IS_ADDRESSED
        if pid in turn.named and not runs_on:
            score -= w.NAMED_INSIDE
        scores[pid] = score
    return scores


def _lead(decision: Decision) -> float:
    """How clearly a he/she or description won, 0 to 1: its margin over the next person, up to weights.MARGIN_FULL."""
    return min(1.0, decision.margin / w.MARGIN_FULL)


def _summons(scene: Scene, turn: Turn) -> bool:
    """"Nastasia!": a turn that is nothing but a name called out summons someone, who need not have spoken."""
    words = [word for i in turn.quotes for word in scene.segments[i].text.split()]
    return len(words) <= 3 and scene.segments[turn.quotes[-1]].text.rstrip().endswith("!") and len(turn.called) > 0


# ----------------------------------------------------------- 4. the narrator
def name_narrator(scene: Scene, decided: Decisions) -> tuple[Decisions, Form | int | None]:
    """The first-person narrator under the name the others call them by in the
    turns next to theirs: a person of the story (their turns join), a name
    form, or None (no narrator, or a listed one, whose turns join it)."""
    narrator = scene.narrator
    if narrator is None:
        return decided, None
    if (listed := scene.listed_narrator) is not None:  # and whoever the text calls by the listed names
        names = {form for name in listed_names(scene.roster.people[listed].known) if (form := parse(name))}
        for pid, person in enumerate(scene.roster.people):
            if pid == narrator or not person.known and names & person.forms.keys():
                decided = _renamed(decided, pid, listed)
        return decided, None
    best = narrator_called(scene, decided)
    if not isinstance(best, int):
        return decided, best or unnamed_narrator()
    return _renamed(decided, narrator, best), best


def narrator_called(scene: Scene, decided: Decisions) -> Form | int | None:
    """What the others call the first-person narrator in the turns next to
    theirs (or they call themselves): a person of the story, a name, or None."""
    if scene.narrator is None:
        return None
    votes: Counter = Counter()
    for theirs in _beside(scene, decided, scene.narrator):
        votes.update(_or(scene.roster.lookup(f.text), f) for f in theirs.called)
    own = {i for t in scene.turns if decided[t.number].speaker == scene.narrator for i in t.quotes}
    votes.update(self_named(scene.text, list(scene.segments), scene.roster, own))
    tagged = Counter(d.speaker for d in decided.values() if d.how in ("explicit", "role"))
    return narrator_name(votes, scene.roster, scene.words, tagged)


def _beside(scene: Scene, decided: Decisions, person: int) -> Iterator[Turn]:
    """Each turn someone else was given, next to a turn of ``person``'s (once for each such neighbour)."""
    for a, b in zip(scene.turns, scene.turns[1:]):
        for mine, theirs in ((a, b), (b, a)):
            if decided[mine.number].speaker == person and decided[theirs.number].speaker not in (None, person):
                yield theirs


def heard_genders(scene: Scene, decided: Decisions, narrator: int | None) -> dict[int, Counter]:
    """For the voices only, after every decision: the gender the first-person
    narrator (the person their turns went to) is called by, from the "sir" or
    "ma'am" the turns next to theirs say. (The he/she of tags given to someone
    was tried too: on the dev novels it gave one clerk a woman's voice, and no
    one a right one.)"""
    heard: dict[int, Counter] = defaultdict(Counter)
    if narrator is not None:
        for theirs in _beside(scene, decided, narrator):
            if theirs.addressee_gender:
                heard[narrator][theirs.addressee_gender] += 1
    return heard


def _renamed(decided: Decisions, narrator: int, person: int) -> Decisions:
    """The narrator's turns and quotations given to ``person``."""
    out = {}
    for number, d in decided.items():
        voices = tuple((i, person if pid == narrator else pid) for i, pid in d.voices)
        out[number] = replace(d, speaker=person if d.speaker == narrator else d.speaker, voices=voices)
    return out


def _or(value, default):
    return default if value is None else value


# ---------------------------------------------------------------- 5. rate
def rate(scene: Scene, decided: Decisions) -> Decisions:
    """How sure each decision is (weights.CONFIDENCE): a he/she or description
    less for each other person it could mean and for a narrow lead over the
    next one, turn-taking less when settling
    the exchange overturned the first guess, among many, or in a short exchange."""
    size = Counter(turn.exchange for turn in scene.turns)
    out = {}
    for turn in scene.turns:
        d = decided[turn.number]
        confidence = w.CONFIDENCE.get(d.how, 0.0) - w.RIVAL_DOUBT.get(d.how, 0.0) * max(0, d.rivals - 1)
        confidence -= w.NARROW_DOUBT.get(d.how, 0.0) * (1 - _lead(d))
        if d.how == "alternation":
            confidence -= w.CONTESTED * d.contested + w.CROWD * max(0, d.rivals - 2)
            confidence -= w.SHORT_EXCHANGE * (size[turn.exchange] <= 2)
            if (before := scene.turn_before(turn)) is not None:
                confidence -= w.LOOSE_TURN * (turn_taking_weight(scene.narration_words(before, turn)) < 1)
        confidence = max(w.CONFIDENCE_FLOOR, confidence) if d.speaker is not None else 0.0
        out[turn.number] = replace(d, confidence=round(min(1.0, confidence), 3))
    return out
