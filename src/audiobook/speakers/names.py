"""Who the people in a story are: names found in the narration, their
aliases merged into one character, and their gender.

A name form is a run of capitalised words, optionally after "the" (the Grey
Fox) and led by an honorific (Mr., Lady, Colonel). Forms that refer to the
same person are joined: a full name with its first name (Nora Hale /
Nora), a title with the full name (Mr. Peter Vane / Peter
Vane), a bare surname with the man of that name (Vane / Mr. Vane), a pet
name with the given name (Kitty / Katherine). Characters the user listed
(with their aliases) are seeded first, so the text's forms join them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..model import Character
from . import weights as w
from .vocabulary import (
    GIVEN_NAME_ONLY_TITLES,
    GIVEN_NAME_TITLES,
    HONORIFICS,
    NICKNAME_OF,
    NOT_NAMES,
    PERSON_PLURALS,
    TITLE_IN_FULL,
    UNMARRIED_TITLES,
    WIFE_TITLES,
    noun_gender,
)


def _letter_class(test) -> str:
    """A regex character class of the BMP letters passing ``test`` (str.isupper...):
    names start with any capital, É and Ö as well as E and O."""
    ranges, start = [], None
    for code in range(0x10000):
        ok = chr(code).isalpha() and test(chr(code))
        if ok and start is None:
            start = code
        elif not ok and start is not None:
            ranges.append((start, code - 1))
            start = None
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


UPPER = _letter_class(str.isupper)
LOWER = _letter_class(str.islower)
# Before a full stop, a title ("Mr.", "Mme.") that ends no sentence
NOT_AFTER_TITLE = "".join(rf"(?<!\b{t})" for t in ("Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "M"))
_WORD = rf"{UPPER}(?:\w|['\u2019-](?=\w))*\w"  # O'Brien, Frog-Footman; "Grey--that" is Grey and a dash
_HON = r"(?:(?:Mr|Mrs|Ms|Mme|Mlle|Dr|St|Rev)\.?|M\.(?=\s+[A-Z][a-z]))"  # M. Riviere is Monsieur; M. GREY is an initial
# Surname particles written in lower case: "Catherine de Bourgh", "Mr. van der Berg", "de la Mare".
PARTICLES = frozenset(("de", "van", "von", "du", "da", "la", "le", "del", "della", "di", "der", "den", "ten", "ter"))
_PARTICLES = rf"(?:(?:{'|'.join(sorted(PARTICLES, key=len, reverse=True))})\s+){{1,2}}"
# The space between a name's words: a line may wrap, a paragraph ends the name. Atomic, so that a
# long run of capitalised words is not tried in every way of splitting its spaces.
_GAP = r"(?>[ \t]*\n?[ \t]*)(?<=\s)"
# "the King of Hearts", "Duke of York": "of" only after a name's first word, so "Grey of Mr. Lane"
# and "Ann Grey of Lady Hale" are two people.
NAME_PATTERN = (
    rf"(?:(?P<the>\bthe)\s+)?(?P<name>(?:{_HON}\s+(?:{_PARTICLES})?)?{_WORD}(?:\s+of\s+(?!{_HON}\s){_WORD})?"
    rf"(?:{_GAP}(?:{_PARTICLES}(?!{_HON}\s){_WORD}|(?:{_HON}\s+)?{_WORD}))*)"
)
_NAME = re.compile(NAME_PATTERN)
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_LOWER_WORD = re.compile(rf"\b{LOWER}+\b")
# An adverb or participle opening a sentence before a name ("Happily Tom", "Assisting Ann"): not a given
# name, even when the story never writes it in lower case.
_OPENING_FORM = re.compile(r"(?:ly|ing)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'\u201c\u2018(\u2014_-])\s*$")
# A his/himself/herself after a name, before the sentence ends or another
# name comes: "Vane shook his head".
_IN_CLAUSE = rf"(?:(?!{UPPER})[^.!?;:\"\u201c\u201d])*?\b"  # up to the sentence's end or the next name
_NEXT_PRONOUN = re.compile(rf"{_IN_CLAUSE}(?:(?P<male>his|himself)|herself)\b")
PRONOUN_WINDOW = 80  # characters after a name in which its pronoun is looked for
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|into|through|from|towards|to)\s+$")


def key(name: str) -> str:
    """Matching form of a name: lower case, punctuation dropped (as the scorer)."""
    return " ".join(_TOKEN.findall(name.casefold())).replace("\u2019", "'")


@cache
def _genders() -> dict[str, str]:
    """gender_guesser's verdict on every given name it knows, lower case:
    'male', 'female', or '' for unisex; only the verdicts are kept (about
    8 MB where its Detector holds 25, for the whole build)."""
    import gender_guesser.detector

    class Lean(gender_guesser.detector.Detector):
        """Keeps each name's per-country counts without the blanks between them (all that
        get_gender reads of them) while the file is read: a third of the memory, the same verdicts.
        Overrides the private _set of the pinned version 0.4.0."""

        def _set(self, name, gender, country_values):
            super()._set(name, gender, country_values.replace(" ", ""))

    detector = Lean(case_sensitive=False)
    verdicts = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female", "andy": ""}
    return {name: verdicts[guess] for name in detector.names if (guess := detector.get_gender(name)) in verdicts}


def release_tables() -> None:
    """Let go of the given-name table (about 20 MB of a build's memory) once
    every story is attributed: the audio stage needs the room more."""
    _genders.cache_clear()


def given_name_gender(word: str) -> str | None:
    """'male'/'female' for a known given name, '' for a known unisex one,
    None when the word is not a given name."""
    name = NICKNAME_OF.get(word.lower(), word).lower()
    if name not in _genders():  # the dictionary has Etienne but not Étienne
        name = _without_accents(name)
    return _genders().get(name)


GivenTest = Callable[[str], "str | None"]  # given_name_gender, or one that also knows a story's own given names


def given_names(learned: Mapping[str, str]) -> GivenTest:
    """given_name_gender, and for the words the table lacks, the story's own
    given names (learn_given_names): a story of names no table has still has
    women and men, and one person under a given name and a title."""
    def gender(word: str) -> str | None:
        found = given_name_gender(word)
        return found if found is not None else learned.get(word.lower())
    return gender


# The he/she or his/herself after a name, in its clause ("Nell laughed, and she")
_NEXT_SUBJECT = re.compile(rf"{_IN_CLAUSE}(?P<pronoun>(?P<male>his|himself|he)|herself|she)\b")
# How much such a word tells the name's gender: "herself" is hers; "his" is often another's ("took his hand").
_PRONOUN_VOTE = {"he": 1, "she": 1, "himself": 2, "herself": 2, "his": 0.5}
_HUSBANDS_NAME_TITLES = {"mrs", "mme", "madame"}  # "Mrs. Rob Vane" is Rob's wife: her title tells not his gender


def learn_given_names(text: str, found: list[tuple[int, Form]], tagged: frozenset[str] = frozenset()) -> dict[str, str]:
    """Given names the table lacks, from how the story writes them ({word: gender}): the first word of a
    full name whose last word is someone's surname ("Nell Vane" beside "Mr. Vane"), a word after Miss or
    Sir, or one a tag names alone (``tagged``: "said Nell"), when it is never a surname nor mostly after "at"
    or "in" (a place). Their gender comes from those titles ("Countess Nell Vane" too) and the he/she
    after the name; a name whose gender is not clear (_clear_gender) is left to the table's ignorance, as
    a given name of no gender would join "Mr. Vane". The first word of a full name whose surname is only
    ever written after Miss is a woman's ("Nell Vane" beside "Miss Vane", never "Mr. Vane")."""
    surnames = {f.words[-1] for _, f in found
                if f.honorific and not f.the and f.honorific not in GIVEN_NAME_TITLES}
    titles: dict[str, set[str]] = {}  # a word -> the titles written before it alone
    for _, f in found:
        if f.honorific and len(f.words) == 1:
            titles.setdefault(f.words[0], set()).add(f.honorific)
    # a surname only ever written after "Miss", at least twice: "Nell Vane" beside "Miss Vane" is that Miss
    misses = Counter(f.words[0] for _, f in found
                     if f.honorific == "miss" and len(f.words) == 1 and titles[f.words[0]] == {"miss"})
    places = Counter(f.words[0] for offset, f in found if _PLACE_BEFORE.search(text, max(0, offset - 12), offset))
    written = Counter(f.words[0] for _, f in found if not f.the)
    votes: dict[str, Counter] = {}
    for _, f in found:
        word = f.words[0]
        if f.the or word in surnames or places[word] * 4 > written[word] or given_name_gender(word) is not None \
                or written[word] < w.GIVEN_WRITTEN:
            continue
        if f.honorific in GIVEN_NAME_TITLES and len(f.words) == 1:  # "Miss Nell", "Sir Rob", "Mlle. Zoe"
            votes.setdefault(word, Counter())[HONORIFICS[f.honorific]] += w.GIVEN_TITLE_VOTE
        elif len(f.words) == 1 and not f.honorific and word in tagged:  # "said Nell", and never "Mr. Nell"
            votes.setdefault(word, Counter())
        elif len(f.words) == 2 and not f.honorific and misses[f.words[-1]] >= 2:
            votes.setdefault(word, Counter())["female"] += w.GIVEN_TITLE_VOTE
        elif len(f.words) > 1 and f.words[-1] in surnames:
            votes.setdefault(word, Counter())
            if (gender := HONORIFICS.get(f.honorific)) and f.honorific not in _HUSBANDS_NAME_TITLES:
                votes[word][gender] += w.GIVEN_TITLE_VOTE  # "Countess Nell Vane", not "Mrs. Rob Vane"
    if votes:  # the he/she after the name, in the quotations too: talk of a woman says "she", where the
        # narration of a man's story says "he" after her name as often ("When Nell came in he rose")
        said = re.compile(r"\b(" + "|".join(re.escape(word.capitalize()) for word in votes) + r")\b(?!\s+[A-Z])")
        for name in said.finditer(text):
            if m := _NEXT_SUBJECT.match(text, name.end(), name.start() + PRONOUN_WINDOW):
                votes[name.group(1).lower()]["male" if m.group("male") else "female"] += \
                    _PRONOUN_VOTE[m.group("pronoun")]
    return {word: gender for word, c in votes.items() if (gender := _clear_gender(c))}


def _without_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Form:
    """One way of writing a name: honorific, the words, whether after 'the'."""

    honorific: str  # key of the honorific ("mr"), or ""
    words: tuple[str, ...]  # keys of the name words ("catherine", "de", "bourgh")
    the: bool = False

    @property
    def text(self) -> str:
        return key(" ".join((["the"] if self.the else []) + ([self.honorific] if self.honorific else [])
                            + list(self.words)))


def parse(surface: str, the: bool = False) -> Form | None:
    tokens = key(surface).split()
    if tokens and tokens[0] == "the":
        the, tokens = True, tokens[1:]
    honorific = ""
    if tokens and tokens[0] in HONORIFICS and (len(tokens) > 1 or the):
        honorific, tokens = tokens[0], tokens[1:]
    if tokens:
        tokens[-1] = re.sub(r"'s?$", "", tokens[-1])  # Nora's, the Greys'
    words = _surname_particles(tuple(t for t in tokens if t))
    if the and not words and honorific:  # "the Queen": the title is the name
        words, honorific = (honorific,), ""
    if not words:
        return None
    return Form(honorific, words, the)


def _surname_particles(words: tuple[str, ...]) -> tuple[str, ...]:
    """A surname's particles are part of it: ("piet", "van der berg"), so that
    Mr. van der Berg is a title and one surname, as Mr. Grey is."""
    out: list[str] = []
    for word in words:
        if out and out[-1].split()[-1] in PARTICLES:
            out[-1] += " " + word
        else:
            out.append(word)
    return tuple(out)


_WEAK = "weak "  # a gender vote from a given name's table or a his/her, not from a title or noun


@dataclass
class Person:
    forms: Counter = field(default_factory=Counter)  # Form -> mentions
    gender_votes: Counter = field(default_factory=Counter)
    known: Character | None = None  # the listed character they are

    def name(self) -> str:
        if self.known:
            return self.known.name
        return display(self.shown_form())

    def shown_form(self) -> Form:
        """The name to show: the usual one, but "Colonel Grey" for someone mostly
        called "the Colonel" and written so at least twice, as the name tells
        them from anyone else of that rank."""
        usual = self.usual_form()
        if usual.the and len(usual.words) == 1 and usual.words[0] in HONORIFICS:
            named = [f for f in self.forms if f.honorific == usual.words[0] and not f.the and self.forms[f] >= 2]
            if named:
                return max(named, key=lambda f: self.forms[f])
        return usual

    def usual_form(self) -> Form:
        """The name the story calls them by most (the fuller one on a tie)."""
        return max(self.forms, key=lambda f: (self.forms[f], len(f.words), bool(f.honorific)))

    def gender(self) -> str | None:
        """A title or a noun the story calls them by ("Lady Brett Ashley", "the old man") decides,
        however seldom written; only without one do a given name's table and the his/her after
        their names ("Brett", written far more often, is a man's name in the table)."""
        if self.known and self.known.gender:
            return self.known.gender
        votes = self.gender_votes
        male, female = votes["male"], votes["female"]
        if not male and not female:
            male, female = votes[_WEAK + "male"], votes[_WEAK + "female"]
        if male > female:
            return "male"
        if female > male:
            return "female"
        return None


def display(form: Form) -> str:
    hon = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "dr": "Dr.", "st": "St.", "rev": "Rev.", "m": "M.",
           "mme": "Mme.", "mlle": "Mlle."}
    words = ([hon.get(form.honorific, form.honorific.title())] if form.honorific else [])
    described = form.the or form.words[1:2] == ("of",)  # "the man in the hat", "one of them"
    for word in " ".join(form.words).split():
        capital = _capitalised(word)
        small = word in PARTICLES or described and word in _DESCRIPTION_LINKS | {"them", "us"}
        words.append(word if small and words else capital)  # Mr. van der Berg, De Witt, the Man in the Hat
    return ("the " if form.the else "") + " ".join(words)


def _capitalised(word: str) -> str:
    """A name word as names are written: "O'Brien", "McTavish", "Jean-Paul", "Nora's"."""
    if re.fullmatch(r"[^\W\d_]['\u2019][^\W\d_]{2,}", word[:4]) and not word.endswith(("'s", "\u2019s")):
        return word[:2].upper() + word[2:].capitalize()  # O'Brien, D'Arcy
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    return "-".join(part if i and part in _HYPHEN_SMALL else part[:1].upper() + part[1:]
                    for i, part in enumerate(word.split("-")))


_HYPHEN_SMALL = frozenset(("on", "by", "in", "law", "of", "the"))  # the Looker-on, the Mother-in-law


_DESCRIPTION_LINKS = frozenset(("in", "with", "of", "at", "from", "on", "the", "a", "an"))


class Roster:
    """The people of one story and a lookup from any name form to one of them."""

    def __init__(self, known: Sequence[Character] = (), unnamed: Character | None = None,
                 given_gender: GivenTest = given_name_gender):
        """``unnamed``: a listed character whose names are not looked up (the
        first-person narrator's, matched only after the decisions); ``given_gender``:
        which words are given names, and whose (given_names)."""
        self.given_gender = given_gender
        self.people: list[Person] = []
        self._by_key: dict[str, int] = {}
        for character in known:
            pid = self._new(Person(known=character))
            for alias in listed_names(character) if character is not unnamed else ():
                form = parse(alias)
                if form and form.text not in self._by_key:
                    self._by_key[form.text] = pid
                    self.people[pid].forms[form] += 0
                self._by_key.setdefault(key(alias), pid)
            for given in _given_aliases(character) if character is not unnamed else ():
                self._by_key.setdefault(given, pid)  # "Bob Grey" for Robert Grey, alias Bob
            if character.gender:
                self.people[pid].gender_votes[character.gender] += 100
        self._merge_listed_twice(known)
        self._index_partials()

    def _merge_listed_twice(self, known: Sequence[Character]) -> None:
        """A listed entry that is a bare surname and nothing else (no aliases,
        no gender) while another entry's full name ends with it ("Small" and
        "Peter Vane", "Rudd" and "Mr. Rudd") is the same person listed twice: the bare name
        points at the fuller entry, whose voice and name the user described."""
        surnames: dict[str, set[int]] = {}
        for text, pid in self._by_key.items():
            words = text.split()
            if len(words) > 1:
                surnames.setdefault(words[-1], set()).add(pid)
        for pid, character in enumerate(known):
            bare = key(character.name)
            owners = surnames.get(bare, set()) - {pid}
            if not character.aliases and not character.gender and " " not in bare and len(owners) == 1:
                self._by_key[bare] = owners.pop()

    def _new(self, person: Person) -> int:
        self.people.append(person)
        return len(self.people) - 1

    def lookup(self, surface: str) -> int | None:
        """The person a name refers to, or None if it is nobody we know."""
        form = parse(surface)
        if not form:
            return None
        for candidate in _variants(form, self.given_gender):
            pid = self._by_key.get(candidate)
            if pid is not None:
                return pid
        if len(form.words) == 1 and not form.the:
            owners = self._partial.get(form.words[0], ())
            if len(owners) == 1:
                return next(iter(owners))
        return None

    def sharing(self, form: Form) -> set[int]:
        """Everyone a title and surname may mean: "Miss Hale" is any
        unmarried Hale daughter (Nora Hale as well as the one listed
        as Miss Hale), so the text around must tell which. People whose
        gender does not fit the title are left out."""
        if not form.honorific or len(form.words) != 1 or form.the:
            return set()
        surname, gender = form.words[0], HONORIFICS.get(form.honorific)
        return {pid for pid, person in enumerate(self.people)
                if (not gender or person.gender() in (gender, None))
                and any(f.words[-1] == surname and not f.the and (len(f.words) > 1 or f.honorific == form.honorific)
                        and f.honorific in ("", form.honorific) for f in person.forms)}

    def titled(self, title: str) -> set[int]:
        """Everyone the text or the list calls by this title and a name ("doctor": Dr. Lane)."""
        title = _in_full(title)
        return {pid for pid, person in enumerate(self.people)
                if any(f.honorific and not f.the and _in_full(f.honorific) == title for f in person.forms)}

    def _index_partials(self) -> None:
        """Given names of full names, for "Anna" when only "Anna Price" was
        seen. A word that is also someone's surname, or the given name of two
        people, stays unresolved. "Mrs. John Grey" gives no given name: by
        custom it is her husband's."""
        self._partial: dict[str, set[int]] = {}
        surnames = set()
        for text, pid in self._by_key.items():
            words = text.split()
            husbands = words[:1] == ["mrs"]
            if words and words[0] in HONORIFICS:
                if words[0] in GIVEN_NAME_ONLY_TITLES and len(words) == 2:
                    self._partial.setdefault(words[1], set()).add(pid)  # "Ned" of "Uncle Ned"
                words = words[1:]
            if len(words) > 1 and words[0] != "the":
                if not husbands:
                    self._partial.setdefault(words[0], set()).add(pid)
                surnames.add(words[-1])
        for word in surnames:
            self._partial.pop(word, None)

    def add(self, forms: Counter, evidence: set[Form], apart: frozenset = frozenset()) -> None:
        """Register the name forms seen in the text (with mention counts);
        a form becomes a person only with ``evidence`` (a tag, a title, a
        given name) or by joining someone already known; ``apart``: pairs
        of forms the text shows to be two people (_join)."""
        listed = {text: self.people[pid].gender() for text, pid in self._by_key.items() if self.people[pid].known}
        joined = _join(forms, self._by_key, listed, self.given_gender, apart)
        groups: dict[Form, list[Form]] = {}
        for form in forms:
            groups.setdefault(joined[form], []).append(form)
        surnames = {f.words[-1] for f in [*forms, *(f for p in self.people for f in p.forms)]
                    if len(f.words) > 1 or f.honorific}
        in_full = {f.words[-1] for f in forms if len(f.words) > 1 and not f.the}  # the text's own full names
        for members in groups.values():
            if all(len(f.words) == 1 and not f.the and f.words[0] in HONORIFICS for f in members) \
                    and not any(f.text in self._by_key for f in members):
                continue  # "Madame", "Mr": a title alone names nobody
            if all(_family(f, surnames) for f in members) and not any(f.text in self._by_key for f in members):
                continue  # "the Greys": a family, not one speaker
            pid = next((self._by_key[f.text] for f in members if f.text in self._by_key), None)
            if pid is None:
                pid = next((self._by_key[v] for f in members for v in _variants(f, self.given_gender)
                            if v in self._by_key and self.people[self._by_key[v]].known), None)
            if pid is None:  # "May" is the listed "May Grey", when she is the one listed May
                pid = next((listed_pid for f in members if (listed_pid := self._listed_given(f)) is not None), None)
            if pid is None:  # "Mr. Grey" is the listed "Tom Grey", when he is the one Grey listed
                pid = next((listed_pid for f in members if f.words[-1] not in in_full
                            and (listed_pid := self._listed_surname(f)) is not None), None)
            if pid is None:  # "the Colonel" is the listed "Colonel Tom Grey", when the text names no Colonel
                pid = next((listed_pid for f in members if (listed_pid := self._listed_title(f, forms)) is not None),
                           None)
            if pid is None:
                if not any(f in evidence for f in members):
                    continue
                pid = self._new(Person())
            person = self.people[pid]
            for f in members:
                person.forms[f] += forms[f]
                self._by_key.setdefault(f.text, pid)
                _vote_form_gender(person, f, forms[f], self.given_gender)
        self._index_partials()

    def _listed_given(self, form: Form) -> int | None:
        """The one listed character whose listed full name starts with this given name,
        bare or after a title written with given names ("Miss Anna"), when the title's gender fits."""
        given = self.given_gender(form.words[0]) if len(form.words) == 1 else None
        if form.honorific and form.honorific not in GIVEN_NAME_TITLES or form.the or given is None:
            return None
        owners = self._partial.get(form.words[0], set())
        pid = next(iter(owners)) if len(owners) == 1 else None
        if pid is None or not self.people[pid].known:
            return None
        said = HONORIFICS.get(form.honorific) or given or None  # "": either
        return pid if said is None or self.people[pid].gender() in (said, None) else None

    def _listed_title(self, form: Form, forms: Counter) -> int | None:
        """The one listed character whose listed names carry this title ("the Captain":
        Captain Hale), when none of the text's own names does."""
        if not form.the or len(form.words) != 1 or form.words[0] not in HONORIFICS \
                or form.words[0] in GIVEN_NAME_TITLES:  # "the master" is no Master Tom
            return None
        title = _in_full(form.words[0])
        if any(_in_full(f.honorific) == title and not f.the for f in forms):
            return None
        owners = self._listed_with(lambda words: _in_full(words[0]) == title)
        return next(iter(owners)) if len(owners) == 1 else None

    def _listed_surname(self, form: Form) -> int | None:
        """The one listed character whose listed full name ends with this
        surname, titled (or, for a man, bare), whose gender fits: for a
        surname the text never writes in full, where the text's own full
        names cannot tell ("Mrs. Grey" may be Anna Grey's mother). Of a
        listed Tom Grey and Ann Grey, "Mr. Grey" is Tom and "Miss Grey" Ann,
        by the gender listed or by their given names; "Mrs. Grey" is then
        Tom's wife as likely as Ann, so a wife's title needs the one Grey."""
        if form.the or len(form.words) != 1 or form.honorific and form.honorific not in HONORIFICS:
            return None
        gender = HONORIFICS.get(form.honorific) if form.honorific else "male"
        owners = self._listed_with(lambda words: words[-1] == form.words[0] and words[0] != "the")
        if form.honorific in WIFE_TITLES and len(owners) > 1:
            return None
        fit = [pid for pid in owners if gender is None or self._listed_gender(pid) in (gender, None)]
        return fit[0] if len(fit) == 1 else None

    def _listed_gender(self, pid: int) -> str | None:
        """A listed character's gender: as listed, else as their listed name's title or given name says."""
        person = self.people[pid]
        return person.gender() or next((g for name in listed_names(person.known) if (form := parse(name))
                                        and (g := _form_gender(form, self.given_gender))), None)

    def _listed_with(self, test) -> set[int]:
        """The listed characters with a name of two words or more that passes ``test`` (its words)."""
        return {pid for text, pid in self._by_key.items() if self.people[pid].known
                and len(words := text.split()) > 1 and test(words)}

    def call(self, pid: int, form: Form) -> None:
        """Person ``pid`` is also called ``form`` (the narrator, named after the decisions):
        a given name tells their gender."""
        self.people[pid].forms[form] += 1
        _vote_form_gender(self.people[pid], form, 1, self.given_gender)

    def merge(self, other: int, pid: int) -> None:
        """Person ``other`` is ``pid`` under another name: their names and gender votes join."""
        person, gone = self.people[pid], self.people[other]
        person.forms.update(gone.forms)
        person.gender_votes.update(gone.gender_votes)
        gone.forms, gone.gender_votes = Counter(), Counter()
        for text, owner in self._by_key.items():
            if owner == other:
                self._by_key[text] = pid
        self._index_partials()

    def alias(self, form: Form, pid: int, times: int = 0) -> None:
        """``form`` is another name of person ``pid`` ("the butler" of Mr. Grey), written ``times`` times."""
        self.people[pid].forms[form] += times
        self._by_key.setdefault(form.text, pid)

    def vote_pronouns(self, text: str, mentions: Iterable[tuple[int, Form]]) -> None:
        """Gender from a his/himself/herself after a mention of a person in
        the same clause ("Tom Grey shook his head"); a weak vote, outweighed by
        titles and given names. He and she are left out: after a name they
        as often mean the story's protagonist; and "her" may be anyone's."""
        for offset, form in mentions:
            pid = self._by_key.get(form.text)
            name = _NAME.match(text, offset)
            start = name.end() if name else offset
            m = _NEXT_PRONOUN.match(text, start, offset + PRONOUN_WINDOW)
            if pid is not None and m:
                self.people[pid].gender_votes[_WEAK + ("male" if m.group("male") else "female")] += 0.5

    def relative(self, owner: int, title: str, by_marriage: bool = False) -> int | None:
        """"His wife" of Mr. Grey is Mrs. Grey: the person known under ``title`` and one of the owner's surnames,
        the most written first. ``by_marriage``: not a surname only a Miss has, her father's (Miss Grey's husband
        is no Mr. Grey); otherwise not one a wife's title gives, her husband's (Mrs. Grey's father is no Mr. Grey)."""
        surnames: Counter = Counter()  # the owner's surnames, the one most written first
        for f, n in self.people[owner].forms.items():
            if f.the or not (f.honorific or len(f.words) > 1):
                continue
            if f.honorific in (UNMARRIED_TITLES if by_marriage else WIFE_TITLES):
                continue  # Miss Grey's husband is no Mr. Grey; Mrs. Grey's father is no Mr. Grey either
            surnames[f.words[-1]] += n
        for surname in sorted(surnames, key=lambda word: (-surnames[word], word)):
            pid = self.lookup(f"{title} {surname}")
            if pid is not None and pid != owner:
                if title != "Mrs." and len(self.sharing(parse(f"{title} {surname}")) - {owner}) > 1:
                    return None  # "her son" of Mrs. Grey, with two Grey men: the text around must tell
                return pid
        return None

    def characters(self, lines: Counter, samples: dict[int, str],
                   heard_as: dict[int, Counter] | None = None) -> list[Character]:
        """Listed characters first (in the user's order), then the others by ``lines`` (person -> quotations).
        Someone the names give no gender has the one they were ``heard_as`` (person -> gender -> times),
        when that is clear (weights.HEARD_AS times, and twice as often as the other)."""
        order = sorted(range(len(self.people)),
                       key=lambda p: (self.people[p].known is None, -lines[p] if self.people[p].known is None else p))
        out = []
        for pid in order:
            person = self.people[pid]
            if not person.known and not lines[pid]:
                continue
            name = person.name()
            aliases = (person.known.aliases if person.known
                       else tuple(sorted({display(f) for f in person.forms} - {name})))
            gender = person.gender() or _clear_gender((heard_as or {}).get(pid, Counter()))
            out.append(Character(name, aliases, gender, lines[pid], samples.get(pid, "")))
        return out


def _clear_gender(votes: Counter) -> str | None:
    (gender, n), *rest = votes.most_common(2) or [(None, 0)]
    return gender if n >= w.HEARD_AS and (not rest or n >= 2 * rest[0][1]) else None


_ADDRESS_WORDS = re.compile(r"^(?:(?:my|our|dear|dearest|darling|oh|o)\s+)+(?=\S)", re.IGNORECASE)


_INDEFINITE = re.compile(r"^an?\s+(?=[^\W\d_]{2})", re.IGNORECASE)


def listed_names(character: Character) -> list[str]:
    """The names a listed character goes by, an alias written as one calls
    them ("My dear Nora") as the name in it ("Nora"), so that "My" and "Dear"
    in the text are no one's name; one listed as "A Tall Stranger" is the one
    the text goes on to call "the tall stranger"."""
    return [_INDEFINITE.sub("the ", _ADDRESS_WORDS.sub("", name)) for name in (character.name, *character.aliases)]


def _in_full(title: str) -> str:
    return TITLE_IN_FULL.get(title, title)


def _given_aliases(character: Character) -> list[str]:
    """An alias that is a given name, with the listed name's surname: "bob grey" for
    Robert Grey, alias Bob."""
    name, *aliases = (parse(alias) for alias in listed_names(character))
    if name is None or len(name.words) < 2 or name.the:
        return []
    return [f"{a.words[0]} {name.words[-1]}" for a in aliases
            if a is not None and len(a.words) == 1 and not a.honorific and not a.the]


def _variants(form: Form, given_gender: GivenTest) -> Iterable[str]:
    """Keys to try for a form, most specific first ("the Grey Fox" also as
    "Grey Fox"; "Mrs Rudd" as "Mrs. Rudd")."""
    yield form.text
    if form.the:
        yield Form(form.honorific, form.words).text
        if form.honorific:
            yield Form("", form.words, True).text
    elif form.honorific and len(form.words) > 1 and _own_name(form, given_gender):
        yield Form("", form.words).text  # Mr. Tom Grey is Tom Grey; Mrs. Tom Grey is not


def _head_noun(words: tuple[str, ...]) -> str:
    """The noun a description is of: its last word, or the last before the words
    that place it ("the man in the grey coat": man)."""
    ends = [i for i, word in enumerate(words) if i and word in _DESCRIPTION_LINKS]
    return words[ends[0] - 1] if ends else words[-1]


def _vote_form_gender(person: Person, form: Form, count: int, given_gender: GivenTest) -> None:
    gender = HONORIFICS.get(form.honorific) if form.honorific else None
    if gender:
        person.gender_votes[gender] += 3 * max(count, 1)
    elif form.words[1:2] == ("of",):  # "one of the women"
        gender = noun_gender(PERSON_PLURALS.get(form.words[-1], form.words[-1]))
        if gender:
            person.gender_votes[gender] += 3 * max(count, 1)
    elif form.the or form.words[0] == "my":  # "the old man", "my aunt"
        gender = noun_gender(_head_noun(form.words)) or HONORIFICS.get(form.words[0])
        if gender:
            person.gender_votes[gender] += 3 * max(count, 1)
    elif len(form.words) <= 2 or form.honorific in ("", "miss", "lady"):
        gender = given_gender(form.words[0])
        if gender:
            person.gender_votes[_WEAK + gender] += max(count, 1)


def _join(counts: Counter, known: dict[str, int], listed: dict[str, str | None],
          given_gender: GivenTest, apart: frozenset = frozenset()) -> dict[Form, Form]:
    """Union the forms that name the same person; returns form -> representative.

    Two groups whose titles say different genders (Mr. Grey, Mrs. Grey) are
    never joined, whatever rule would join them; a form the user listed
    (``listed``: its text -> the listed person's gender) has that gender.
    Nor are two forms the text sets side by side (``apart``: pairs, "Mr.
    Knightley and Mr. John Knightley"), unless the list says they are one.
    ``counts``: each form -> how often the text uses it."""
    forms = list(counts)
    parent = {f: f for f in forms}
    genders = {f: {g} if (g := HONORIFICS.get(f.honorific) or listed.get(f.text)) else set() for f in forms}

    def find(f: Form) -> Form:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    away: dict[Form, set[Form]] = {f: set() for f in forms}  # a group's root -> forms it stays apart from
    for pair in apart:
        a, b = tuple(pair)
        if a in away and b in away:
            away[a].add(b)
            away[b].add(a)

    def union(a: Form, b: Form, listed_as_one: bool = False) -> None:
        ra, rb = find(a), find(b)
        if ra != rb and len(genders[ra] | genders[rb]) <= 1 \
                and (listed_as_one or not any(find(x) == rb for x in away[ra])):
            parent[ra] = rb
            genders[rb] |= genders[ra]
            away[rb] |= away[ra]

    by_text = {f.text: f for f in forms}
    starts = Counter(f.words[0] for f in forms if len(f.words) > 1 and not f.the)
    surnames: dict[str, set] = {}
    for f in forms:
        takes_given = f.honorific in GIVEN_NAME_TITLES and given_gender(f.words[0]) is not None
        if not f.the and (len(f.words) > 1 or f.honorific and not takes_given):
            owner = f.words[0] if len(f.words) > 1 else HONORIFICS.get(f.honorific) or f.honorific
            surnames.setdefault(f.words[-1], set()).add(owner)
    for f in forms:
        plain = Form("", f.words, f.the)
        if f.honorific and len(f.words) > 1 and plain in parent and _own_name(f, given_gender):
            union(f, plain)  # Mr. Peter Vane / Peter Vane
        if len(f.words) > 1:
            first = f.words[0]
            # a given name the table lacks, when only this full name of the text starts with it (Newland)
            is_given = given_gender(first) is not None or f.the or \
                (len(f.words) == 2 and not f.honorific and starts[first] == 1 and counts[f] >= w.SURNAME_DOMINANT)
            for sub in (Form(f.honorific, (first,), f.the), Form("", (first,), f.the)):
                if is_given and sub in parent and sub != f and first not in surnames:
                    union(sub, f)  # Nora / Nora Hale, the Duke / the Duke of Ely
            if f.the:
                last = Form("", (f.words[-1],), True)
                if last in parent:
                    union(last, f)  # the Fox / the Grey Fox
        if f.the and len(f.words) == 1 and "-" in f.words[0] \
                and (tail := Form("", (f.words[0].rsplit("-", 1)[1],), True)) in parent:
            union(tail, f)  # the Footman / the Frog-Footman
        if f.the and len(f.words) == 1 and (bare := Form("", f.words, False)) in parent \
                and f.words[0] not in surnames and given_gender(f.words[0]) is None:
            union(bare, f)  # Ferret / the Ferret: a name that is a word, said without its "the"
        if len(f.words) == 1 and not f.the:
            word = f.words[0]
            if not f.honorific:
                mr = by_text.get(f"mr {word}")
                owners = surnames.get(word, set())
                if mr:
                    union(f, mr)  # Vane / Mr. Vane
                elif len(owners) == 1:
                    full = [g for g in forms if len(g.words) > 1 and g.words[-1] == word and not g.the
                            and _form_gender(g, given_gender) != "female"]  # narration calls a man by his surname
                    titled = [g for g in forms if g.words == (word,) and g.honorific and not g.the
                              and HONORIFICS.get(g.honorific) != "female" and g.honorific not in GIVEN_NAME_TITLES]
                    if full:
                        union(f, full[0])  # Vane / Peter Vane
                    elif len(titled) == 1:
                        union(f, titled[0])  # Brandon / Colonel Brandon: narration calls a man by his surname
                full_given = NICKNAME_OF.get(word)
                if full_given and Form("", (full_given,)) in parent:
                    union(f, Form("", (full_given,)))  # Kitty / Katherine
            elif f.honorific in GIVEN_NAME_TITLES and word not in surnames and given_gender(word) is not None:
                given = next((g for g in (word, NICKNAME_OF.get(word)) if g and Form("", (g,)) in parent), None)
                if given:
                    union(f, Form("", (given,)))  # Miss Nora / Nora, Aunt Kitty / Katherine
    by_full: dict[tuple, Form] = {}
    for f in forms:
        if len(f.words) > 1 and not f.the and _own_name(f, given_gender):
            union(f, by_full.setdefault(_given_in_full(f.words), f))  # Larry Grey / Mr. Lawrence Grey
    _join_by_surname(counts, union, by_text, given_gender)
    _join_pet_names(forms, union)
    _join_bare_surnames(forms, find, union, given_gender)
    # Forms already known map onto the same person: join them too.
    by_pid: dict[int, Form] = {}
    for f in forms:
        pid = known.get(f.text)
        if pid is not None:
            if pid in by_pid:
                union(f, by_pid[pid], listed_as_one=True)
            else:
                by_pid[pid] = f
    return {f: find(f) for f in forms}


def _join_bare_surnames(forms: list[Form], find, union, given_gender: GivenTest) -> None:
    """Wentworth / Captain Wentworth, Captain Frederick Wentworth: a bare surname is the man its titled
    and full names name, once those are one; not when another of the name (a Miss Wentworth) is written."""
    surnamed: dict[str, list[Form]] = {}
    for g in forms:
        if not g.the and (len(g.words) > 1 or g.honorific):
            surnamed.setdefault(g.words[-1], []).append(g)
    male = {find(g) for g in forms if _form_gender(g, given_gender) == "male"}
    for f in forms:
        if len(f.words) == 1 and not f.the and not f.honorific:
            named = {find(g) for g in surnamed.get(f.words[0], ())}
            if len(named) == 1 and (root := named.pop()) in male:
                union(f, root)  # the root stays the root, so ``male`` stays true


def _family(form: Form, surnames: set[str]) -> bool:
    """ "the Greys", "the Joneses": a surname in the plural, after "the"."""
    word = form.words[-1]
    stems = (word[:-1], word[:-2] if word.endswith("es") else "")
    return form.the and len(form.words) == 1 and any(stem in surnames for stem in stems if stem)


def _own_name(form: Form, given_gender: GivenTest) -> bool:
    """Whether a title with a full name names the one the name is of: "Mrs. John
    Grey" is John Grey's wife, so a woman's title needs a woman's given name."""
    return HONORIFICS.get(form.honorific) != "female" or given_gender(form.words[0]) == "female"


def _form_gender(form: Form, given_gender: GivenTest) -> str | None:
    """The gender a form's title or given name says."""
    if form.honorific:
        return HONORIFICS.get(form.honorific)
    return given_gender(form.words[0]) or None if len(form.words) > 1 else None


# The titles anyone has: the one of them most written out is who "Miss Grey" means.
_PLAIN_TITLES = {"mr", "mrs", "miss", "ms"}
# Which full names a title and surname may stand for: "Mrs. Grey" is only a Mrs.
_TITLES_OF_FULL = {"mrs": ("mrs",)}  # any other title: the bare full name, or with that title


def _join_by_surname(counts: Counter, union, by_text: dict[str, Form], given: GivenTest) -> None:
    """One person, one voice: a bare surname or a title with a surname joins the
    one full name it can mean. "Grey" is the one man named Something Grey
    (narration calls men by their surname), "Mr. Grey" the one man, "Miss
    Grey" the one unmarried woman, "Mrs. Grey" the one Mrs. Something Grey;
    "the Captain" the one Captain Somebody. Never across genders: Mr. and
    Miss Grey stay two people. With two of the name (two men for "Grey", two
    women for "Miss Grey"), it is the one whose full name the text writes far
    more often (weights.SURNAME_DOMINANT); a "Mr. Grey" whose full names have no
    given name the table knows is the most written of those;
    with no Mrs. Something Grey and no Miss Grey, "Mrs. Grey" is the one woman
    written out as Something Grey who is never called Miss."""
    forms = list(counts)
    full: dict[str, list[Form]] = {}
    titled: dict[str, list[Form]] = {}
    for f in forms:
        if not f.the and len(f.words) > 1:
            full.setdefault(f.words[-1], []).append(f)
        if f.honorific and not f.the:
            titled.setdefault(_in_full(f.honorific), []).append(f)
    wives: dict[str, list[Form]] = {}
    for f in forms:
        if f.honorific in WIFE_TITLES and not f.the and len(f.words) == 1:
            wives.setdefault(f.words[0], []).append(f)
    for same in wives.values():
        for f in same[1:]:
            union(f, same[0])  # Madame Grey / Countess Grey
    for f in forms:
        if f.the and len(f.words) == 1 and f.words[0] in HONORIFICS:
            holders = {g.words for g in titled.get(_in_full(f.words[0]), ())}
            if len(holders) == 1:
                union(f, titled[_in_full(f.words[0])][0])  # the Captain / Captain Hale, the Doctor / Dr. Hale
            continue
        if f.the or len(f.words) != 1:
            continue
        word = f.words[0]
        if not f.honorific:
            if by_text.get(f"mr {word}"):
                continue  # joined to Mr. Grey already
            matches = [g for g in full.get(word, ()) if _form_gender(g, given) == "male" and g.honorific in ("", "mr")]
            matches = _dominant(matches, counts)
        else:
            gender, allowed = HONORIFICS.get(f.honorific), _TITLES_OF_FULL.get(f.honorific, ("", f.honorific))
            matches = [g for g in full.get(word, ()) if g.honorific in allowed and _form_gender(g, given) == gender]
            if f.honorific in _PLAIN_TITLES:  # Major Grey may be the father of all the Greys written out
                matches = _dominant(matches, counts)
            if not matches and gender == "male":  # Mr. Marsh / Quillon Marsh, a given name not in the table
                unknown = [g for g in full.get(word, ()) if g.honorific in allowed and _form_gender(g, given) is None]
                matches = _dominant(unknown, counts)
            if not matches and f.honorific in WIFE_TITLES and f"miss {word}" not in by_text:
                matches = [g for g in full.get(word, ()) if not g.honorific and _form_gender(g, given) == "female"
                           and f"miss {g.words[0]}" not in by_text and f"miss {g.text}" not in by_text]
        if len({_given_in_full(g.words) for g in matches}) == 1:
            union(f, matches[0])


def _dominant(names: list[Form], counts: Counter) -> list[Form]:
    """The full names of the one person written out far more often than anyone else's, if there is one."""
    uses: Counter = Counter()
    for f in names:
        uses[_given_in_full(f.words)] += counts[f]
    ranked = uses.most_common(2)
    if len(ranked) == 2 and ranked[0][1] >= w.SURNAME_DOMINANT * max(1, ranked[1][1]):
        return [f for f in names if _given_in_full(f.words) == ranked[0][0]]
    return names


def _given_in_full(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name with its pet given name written out: Larry Grey is Lawrence Grey."""
    return (NICKNAME_OF.get(words[0], words[0]), *words[1:])


_PET_ENDINGS = ("y", "ie", "ey")


def _join_pet_names(forms: list[Form], union) -> None:
    """A pet name made by adding -y or -ie to a name joins it: Tom and Tommy, Kit and Kitty."""
    single = {f.words[0]: f for f in forms if len(f.words) == 1 and not f.the and not f.honorific}
    for word, form in single.items():
        for base in (word[:-1], word[:-2], word[:-3]):
            if len(base) >= 3 and base in single and word.endswith(_PET_ENDINGS) and len(word) - len(base) <= 3:
                union(form, single[base])
                break


def name_forms(text: str, spans: Iterable[tuple[int, int]]) -> Iterable[tuple[int, Form, bool]]:
    """(offset, form, sentence-initial) of each capitalised name in the spans;
    words in capitals (a heading, an acronym, a shout) are not taken for names,
    nor are names in emphasis marks: "the _Aurora_" or "*The Times*" is a
    ship's, a paper's or a book's, and the text wraps no person's name so."""
    for start, end in spans:
        for m in _NAME.finditer(text, start, end):
            name = m.group("name")
            mark = text[m.start() - 1:m.start()]
            if mark in ("_", "*") and (name.endswith(mark) or text.startswith(mark, m.end())):
                continue
            form = parse(name, bool(m.group("the"))) if not (name.isupper() and len(name) > 1) else None
            if form is None:
                continue
            before = text[max(0, m.start() - 3):m.start()]  # the window reaches before the span: "\n\nHappily Tom"
            initial = not m.group("the") and bool(_SENTENCE_START.search(before) or before.endswith("\n\n"))
            yield m.start(), form, initial


def _without_opening_word(form: Form, listed: frozenset[str]) -> Form | None:
    """"When Nora" or "Then Mr. Vane" opening a paragraph is the name
    after the word; longer runs ("Chapter XII The Story of...") stay as
    they are, to be dropped as headings. None when the word is a name here
    too ("May Grey", where May is someone)."""
    rest = form.words
    while len(rest) > 1 and rest[0] in NOT_NAMES and rest[0] not in HONORIFICS and not form.honorific and not form.the:
        if rest[0] in listed:
            return None
        rest = rest[1:]
    if rest == form.words or len(rest) > 3 or any(w in NOT_NAMES and w not in HONORIFICS for w in rest):
        return form
    return parse(" ".join(rest)) or form


def find_names(text: str, spans: Sequence[tuple[int, int]],
               listed: frozenset[str] = frozenset()) -> tuple[Counter, set[Form], list[tuple[int, Form]]]:
    """Name forms in the narration spans: (counts, forms with evidence of
    being a person, mentions in order). Sentence-initial common words and
    place-like words are dropped; ``listed`` words (a listed character's, or
    May when the text uses it as a name) are names whatever else they are."""
    lower = Counter(_LOWER_WORD.findall(text))

    def common(word: str, times: int) -> bool:
        return word not in listed and (word in NOT_NAMES or lower[word] > times)

    counts: Counter = Counter()
    places: Counter = Counter()
    mentions: list[tuple[int, Form]] = []
    found = [(offset, bare, initial) for offset, form, initial in name_forms(text, spans)
             if (bare := _without_opening_word(form, listed)) is not None]
    inside = {form.words for _, form, initial in found if not initial and len(form.words) > 1}
    for offset, form, initial in found:
        words = form.words
        # "The Colonel" stays the Colonel; "New York." is New York, as the story writes it mid-sentence
        if initial and not form.honorific and not form.the and words not in inside:
            while words and words[0] not in HONORIFICS and (common(words[0], 0) or len(words) > 1
                                                            and _OPENING_FORM.search(words[0])
                                                            and given_name_gender(words[0]) is None):
                words = words[1:]
            if not words:
                continue
            form = parse(" ".join(words)) or Form("", words, False)  # "Poor Miss Grey": Miss Grey
        if not form.honorific and not form.the and common(form.words[0], 2):
            continue
        if form.the and len(form.words) == 1 and form.words[0] in NOT_NAMES:
            continue
        counts[form] += 1
        if _PLACE_BEFORE.search(text, max(0, offset - 12), offset):
            places[form] += 1
        mentions.append((offset, form))
    evidence = {f for f in counts if f.honorific and f.honorific in HONORIFICS
                or (not f.the and given_name_gender(f.words[0]) is not None and places[f] * 2 < counts[f])}
    return counts, evidence, mentions
