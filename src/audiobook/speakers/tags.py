"""Speech tags: the narration next to a quotation that says who spoke it.

`"…," said he`, `"…," Vane remarked`, `cried Mrs. Hale`, `Nora said to
the Cat, "…"`. A tag names its speaker by a name, a pronoun (`he`, `I`) or a
description (`his wife`, `the young man`); `Tag.kind` says which.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..model import Segment
from .names import LOWER, NAME_PATTERN, NOT_AFTER_TITLE, UPPER
from .vocabulary import (
    FUNCTION_WORDS,
    GENDER_OF_NOUN,
    HONORIFICS,
    MANNER_VERBS,
    NOT_NAMES,
    PERSON_NOUNS,
    PERSON_PLURALS,
    PHRASAL_SPEECH_VERBS,
    RANK_ADDRESS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    noun_gender,
)


def _progressive(verb: str) -> str:
    """"shouting" for "shouted", "replying" for "replied": what "she was ..." says a speech verb with."""
    return verb[:-3] + "ying" if verb.endswith("ied") else verb[:-2] + "ing"


def _plain(verb: str) -> set[str]:
    """What "he would ..." says a speech verb with: "cry" for "cried", "sob" for "sobbed",
    "declare" for "declared" (both spellings of an -ed verb are kept; only a real one is ever written)."""
    if verb.endswith("ied"):
        return {verb[:-1] if len(verb) == 4 else verb[:-3] + "y"}  # "lie", "reply"
    stem = verb[:-2]
    doubled = {stem[:-1]} if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" else set()
    return {stem, stem + "e", *doubled}


_ING = sorted({_progressive(v) for v in SPEECH_VERBS if v.endswith("ed")} | {"saying"}, key=len, reverse=True)
# after a modal or "to" only ("she would cry", "he used to sigh"), where no noun stands: elsewhere
# "cry" and "call" are nouns as often as not
_PLAIN = sorted({p for v in SPEECH_VERBS if v.endswith("ed") for p in _plain(v)} - set(SPEECH_VERBS) - FUNCTION_WORDS,
                key=len, reverse=True)  # "noted" is no "could not"
_PLAIN_VERB = "|".join(_PLAIN)
# Speech verbs as written after a subject: "said", and "saying" after "could not help".
# "began to think", "continued to look": verbs of going on are speech only before speech ("began to plead").
_SPEECH_AFTER_TO = "|".join(sorted({"speak", "tell", *_PLAIN, *SPEECH_VERBS}, key=len, reverse=True))
_NOT_SPEECH_AFTER = (r"(?!(?:(?<=\bbegan)|(?<=\bbegins)|(?<=\bcontinued)|(?<=\bproceeded))"
                     rf"\s+to\s+(?!(?:{_SPEECH_AFTER_TO})\b)\w)")
_AFTER_MODAL = "|".join(rf"(?<=\b{word}\s)" for word in ("would", "will", "shall", "to"))
_VERB = (r"(?:" + "|".join(v.replace(" ", r"\s+") for v in PHRASAL_SPEECH_VERBS) + "|"
         + "|".join(sorted(set(SPEECH_VERBS), key=len, reverse=True)) + "|" + "|".join(_ING)
         + rf"|(?:{_AFTER_MODAL})(?:{_PLAIN_VERB})"
         + r")\b" + _NOT_SPEECH_AFTER + r"(?:\s+(?:on|in|out))?")
_ADVERB = (r"(?:[a-z]+(?:-[a-z]+)*ly|then|thus|again|at\s+last|at\s+once|at\s+length|presently|now|still|too"
           r"|aloud|almost|nearly|(?:soon\s+)?afterwards?|soon|once(?:\s+more)?|even|just|in\s+turn|nevertheless)")
_PRONOUN = r"(?:[Hh]e|[Ss]he|I|[Tt]hey|[Ww]e|[Ii]t)"
# "her brother--because": a dash ends it
_DESCRIPTION_WORD = r"(?!(?:he|she|it|they|we|him|her|them)\b)[a-z]+(?:-[a-z]+)*"
_DETERMINERS = ("the", "his", "her", "my", "our", "their", "its", "a", "an", "this", "that")
_RANK = "|".join(w for rank in sorted(RANK_ADDRESS) for w in (rank, rank.capitalize()))
_DESCRIPTION = (rf"(?:{'|'.join(d for w in _DETERMINERS for d in (w, w.capitalize()))})\s+{_DESCRIPTION_WORD}"
                rf"(?:\s+{_DESCRIPTION_WORD}){{0,3}}")
_RANKED = rf"(?:[Hh]is|[Hh]er)\s+(?:{_RANK})\b"  # "her Ladyship": before names, which "Her Ladyship" looks like
_NAME = NAME_PATTERN.replace("?P<the>", "?P<the1>").replace("?P<name>", "?P<name1>")
# "said one of the men", "asked another", "cried a third", "some one else said": one of a group the story
# does not name (not "no one", "every one")
_SOMEONE = (r"(?<![Nn]o\s)(?<![Nn]ot\s)(?<![Ee]very\s)(?<![Aa]ny\s)"
            r"(?P<someone>(?:[Oo]ne|[Aa]nother|[Aa]\s+(?:second|third|fourth|fifth)|[Ss]ome\s?one|[Ss]omebody)\b"
            rf"(?:\s+else\b)?(?:\s+of\s+(?:them|us|(?:the|these|those|his|her|their)(?:\s+{_DESCRIPTION_WORD}){{1,3}}))?"
            r"|[Tt]he\s+(?:first|second|third|fourth|fifth|foremost)(?:\s+one)?(?=\s*[,.;:!?\u2014-]|\s*$))")
_SPEAKER = rf"(?P<who>{_PRONOUN}\b|{_RANKED}|{_SOMEONE}|{_NAME}|{_DESCRIPTION})"
_NAMED_SPEAKER = rf"(?P<who>{_PRONOUN}\b|{_NAME})"  # after an opening phrase, where "the ..." may be its words
_LEAD = r"[\s,;:\u2014\u2013-]*"
_OWNS = r"(?:['\u2019]s\s+(?:[a-z]+\s+)?[a-z]+(?:-[a-z]+)*)?"  # "Tom's mother said", "the boy's old father said"
_AUX = (r"(?:(?:had(?:\s+(?:once|just|already))?|has|then|thus|now|at\s+last|again|only|also|presently"
        r"|could\s+not\s+help|began|went\s+on"
        r"|could\s+only|could\s+(?:not\s+)?but|kept(?:\s+on)?(?=\s+[a-z]+ing\b)|managed\s+to|ventured\s+to|was\s+heard\s+to|used\s+to|would|will|shall"
        r"|hastened\s+to|hurried\s+to|made\s+haste\s+to|proceeded\s+to|was\s+quick\s+to"
        rf"|(?:was|is)(?:\s+{_ADVERB})?(?=\s+[a-z]+ing\b))\s+)?")
# ... "Tom was saying--", "Tom is saying", "Tom was presently saying", "Tom could only say,"
# Words that may stand between a clause's start and its subject: "but suddenly she", "and at last Tom".
_LINK_ADVERB = (rf"(?:{_ADVERB}|at\s+length|all\s+at\s+once|after\s+a\s+(?:while|moment|pause|time)"
                r"|(?:at|in|with|on)\s+(?:this|that|the|a|an)\s+[a-z]+)")  # "and at that moment Tom said"
_CLAUSE_START = (rf"(?:(?:^|[.!?;,](?:\s+|--|\u2014)"
                 r"|\b(?:and|but|for|then|when|as|so|while|whereupon|till|until|heard|hear|saw|see|let|whom"
                 r"|(?:after|upon|on|at)\s+which)\s+)"
                 rf"(?:{_LINK_ADVERB},?\s+)?)")


def _opening(words: int) -> str:
    """A sentence opening before its subject, of up to ``words`` more words: "Very soon the Fox ...",
    "On which Seven ...", "At length Vane rose, and said,", "At length, she said"."""
    return rf"(?:^|[.!?;]\s+){UPPER}{LOWER}+(?:\s+{LOWER}+){{0,{words}}}?,?\s+"


# "pleaded poor Nora", "responded the ingenious Rudd"
_EPITHETS = ("poor", "little", "old", "young", "dear", "good", "wise", "great", "big")
_EPITHET = rf"(?:(?:(?:{'|'.join(_EPITHETS)})\s+){{1,2}}|(?P<the_epithet>the)\s+(?:{_ADVERB}\s+)?[a-z]+\s+(?={UPPER}))?"
# the words after the verb, up to a new subject: "she said, and he answered:" is his tag; not across a ";"
_TRAILER = rf"(?:\s+(?!(?:and|but)\s+(?:{_LINK_ADVERB},?\s+)?(?:he|she|they|we|I)\b)[^\s.!?;\"\u201c]+){{0,8}}?"
# Right after a quotation any past-tense verb is a speech verb ("I remonstrated").
_ANY_VERB = rf"(?:{_VERB}|[a-z]{{3,}}ed\b)"
_VERB_FIRST = re.compile(rf"{_LEAD}(?:{_ADVERB}\s+)?{_ANY_VERB}\s+(?:{_ADVERB}\s+)?{_EPITHET}{_SPEAKER}")
# "Anna replied that it was": reported speech, a sentence of its own, not a tag.
_REPORTED = r"(?!\s+(?:that|whether|how|if)\b)"
# "Mrs. Hale, who never missed a chance to object, answered", "Jane taking out the letter, said"
_ASIDE = r"(?:,[^,.;!?\"\u201c]{1,120},|\s+[a-z]+ing\b[^,.;!?\"\u201c]{0,60},)?"
_BESIDE = rf"(?:\s+{UPPER}{LOWER}+){{0,2}}"  # "her uncle Rob said": the name beside a description (_apposed)
_SUBJECT_FIRST = re.compile(rf"{_LEAD}(?:{_ADVERB}\s+)?{_SPEAKER}{_OWNS}{_BESIDE}{_ASIDE}\s+(?:{_ADVERB}\s+)?{_AUX}"
                            rf"(?:{_VERB}{_REPORTED}|[a-z]{{3,}}ed(?=\s*[,.;:!?\u2014-]|\s+[a-z]+ly\b))")
_END = r"\s*(?:\.(?=\s*[\u2014-]))?[,:\u2014-]*\s*$"  # "thus began the conversation.--"
_SAID = rf"{_SPEAKER}{_OWNS}{_ASIDE}\s+(?:{_ADVERB}\s+)?{_AUX}{_VERB},?{_TRAILER}{_END}"
# "he answered, in a voice that sounded to him like his father's:": a longer aside after the verb, up to a colon,
# in which no one else acts
_SAID_AT_LENGTH = (rf"{_SPEAKER}{_OWNS}{_ASIDE}\s+(?:{_ADVERB}\s+)?{_AUX}{_VERB},"
                   rf"(?:\s+(?!(?:he|she|I|they|we)\b)[^\s.!?;\"\u201c]+){{9,20}}\s*:\s*$")
# "..., and turning to her sister said", "... and then, with a bow, replied"
_PARTICIPLE = r"(?:[a-z]+ing\b[^.!?;\"\u201c]{0,40}?\s+|(?:then\s*)?,[^.!?;\"\u201c]{1,40},\s*)?"
_AND_SAID = (rf"{_SPEAKER}\s+[^.!?;\"\u201c]{{0,150}}?\b(?:and|then)\s+{_PARTICIPLE}(?:{_ADVERB}\s+)?{_VERB}"
             rf"{_TRAILER}{_END}")
# "Tom heard Anna say, ..."
_HEARD = (rf"\b(?:heard|hears|hear)\s+{_SPEAKER}\s+(?:say|ask|exclaim|whisper|murmur|mutter|call|cry|answer|reply|add"
          r"|begin|continue|go\s+on|remark|observe|declare|protest|shout|repeat|demand|inquire|enquire|explain"
          r"|tell|speak|mumble|scream|shriek|sob|groan|sigh)\b")
_HEARD_SAY = rf"{_HEARD}{_TRAILER}{_END}"
_HEARD_AFTER = re.compile(rf"{_LEAD}[^.!?;\"\u201c]{{0,40}}?{_HEARD}")  # '"Gad," Tom heard Anna say, "..."
# "Said Tom, ...", "Answered she: ..." opening the sentence before the quotation
_VERB_OPENS = (rf"(?:^|[.!?;]\s+)(?:{'|'.join(sorted({v.capitalize() for v in SPEECH_VERBS}, key=len, reverse=True))})"
               rf"\s+{_SPEAKER}\s*[,:\u2014-]+\s*$")
_STARTS = (_CLAUSE_START, _opening(2))
# "Kit leaned forward, saying," / "..., asking:": the speech in a participle after what its subject does
_SAYING = (rf"{_SPEAKER}\s+[^.!?;\"\u201c]{{0,80}}?,\s+(?:{_ADVERB}\s+)?(?:saying|asking|crying|exclaiming|adding"
           rf"|answering|replying|whispering|calling|shouting|muttering|murmuring)\s*[,:\u2014-]*\s*$")
# "She looked up from her work to ask:": the speech in an infinitive of what its subject does it for
_TO_SAY = (rf"{_SPEAKER}\s+[^.!?;,\"\u201c]{{0,60}}?\bto\s+(?:{_ADVERB}\s+)?(?:say|ask|reply|answer|exclaim|inquire"
           rf"|enquire|add|whisper|cry|murmur|mutter|remark|observe|explain|protest|call|shout)\b{_TRAILER}"
           rf"\s*[,:\u2014-]+\s*$")
_AND_SAID_BEFORE = [re.compile(rf"{start}{_EPITHET}{said}") for start in _STARTS for said in (_AND_SAID, _TO_SAY)]
# "As she settled in her corner she said:": a clause of when, then its subject and the verb
_AFTER_WHEN = (rf"(?:^|[.!?;]\s+)(?:[Aa]s|[Ww]hen|[Ww]hile|[Aa]fter|[Bb]efore|[Tt]ill|[Uu]ntil|[Tt]hough)\s+"
               rf"[^.!?;,\"\u201c]{{1,80}}?\s+{_NAMED_SPEAKER}\s+(?:{_ADVERB}\s+)?{_VERB},?{_TRAILER}{_END}")
# "but all he said was,"
_ALL_SAID_BEFORE = (rf"\ball\s+(?:that\s+)?{_NAMED_SPEAKER}\s+(?:could\s+|would\s+)?(?:said|say)\s+was"
                    rf"\s*[,:\u2014-]+\s*$")
_WHEN_OR_ALL = (re.compile(_AFTER_WHEN), re.compile(_ALL_SAID_BEFORE))  # in the paragraph or the one before
_BEFORE = [*(re.compile(rf"{start}{_EPITHET}{said}") for start in _STARTS for said in (_SAID, _SAID_AT_LENGTH)),
           *_AND_SAID_BEFORE,
           re.compile(_HEARD_SAY), re.compile(_VERB_OPENS), *(re.compile(rf"{start}{_SAYING}") for start in _STARTS),
           *_WHEN_OR_ALL]
# After a quotation, the speech named as a noun: "was her reply", "came the answer".
_SPEECH_NOUN = rf"(?:[a-z]+\s+)?(?:{'|'.join(sorted(SPEECH_NOUNS))})\b"
_NOUN_TAG = re.compile(rf"{_LEAD}(?:was|were|came|followed|is)\s+(?P<who>his|her|my|their|the)\s+{_SPEECH_NOUN}")
_OWNER_PRONOUN = {"his": "he", "her": "she", "my": "I", "their": "they"}
# The same with a name, and a voice for its speaker: "was Tom's reply", "came the answer from Tom",
# "Anna's voice answered", "said the voice of Tom Grey".
_OWNER = NAME_PATTERN.replace("?P<the>", "?:").replace("?P<name>", "?P<owner>")
_NAMED_NOUN_TAG = re.compile(rf"{_LEAD}(?:was|were|came|followed)\s+{_OWNER}['\u2019]s\s+{_SPEECH_NOUN}")
# "was his mother's reply"
_DESCRIBED_NOUN_TAG = re.compile(rf"{_LEAD}(?:was|were|came|followed)\s+(?P<who>(?:his|her|my|their|the)"
                                 rf"(?:\s+{_DESCRIPTION_WORD}){{1,2}})['\u2019]s\s+{_SPEECH_NOUN}")
_NOUN_OF_TAG = re.compile(rf"{_LEAD}(?:was|were|came|followed)\s+the\s+{_SPEECH_NOUN}\s+(?:of|from)\s+{_OWNER}\b")
_VOICE_SOUNDS = r"(?:rang\s+out|came|rose|sounded|broke\s+in)"  # what a voice does that no person does: "rang out"
_VOICE_TAGS = (re.compile(rf"{_LEAD}{_OWNER}['\u2019]s\s+(?:[a-z]+\s+)?voice\s+(?:{_ADVERB}\s+)?"
                          rf"(?:{_VERB}|{_VOICE_SOUNDS})"),
               re.compile(rf"{_LEAD}(?:{_VERB}|came)\s+the\s+(?:[a-z]+\s+)?voice\s+of\s+{_OWNER}"),
               re.compile(rf"{_LEAD}came\s+{_OWNER}['\u2019]s\s+(?:[a-z]+\s+)?voice"))
# After a quotation, the voice it was said in: '"It's me." His voice was steadier now.'
_OWN_VOICE = re.compile(rf"{_LEAD}(?P<who>[Hh]is|[Hh]er|[Mm]y)\s+(?:[a-z]+\s+)?voice\b")
_DESCRIBED_VOICE = re.compile(rf"{_LEAD}(?P<who>(?:[Tt]he|[Hh]is|[Hh]er|[Mm]y)(?:\s+{_DESCRIPTION_WORD}){{1,2}})"
                              rf"['\u2019]s\s+(?:[a-z]+\s+)?voice\b")  # '"Yes," the girl's voice came faintly
# Before a quotation: "Tom's answer was:", "Her only reply was short:", "These were Tom's words:"
_NOUN_LEADS = re.compile(rf"(?:^|[.!?;]\s+|\b(?:[Aa]nd|[Bb]ut)\s+)(?:(?:[Tt]hese|[Tt]his|[Ss]uch)\s+(?:was|were)\s+)?"
                         rf"(?:(?P<who>[Hh]is|[Hh]er|[Mm]y|[Tt]heir)|{_OWNER}['\u2019]s)\s+(?:only\s+|first\s+)?"
                         rf"{_SPEECH_NOUN}(?:\s+(?:was|were|would\s+be|had\s+been)(?:\s+[a-z]+)?)?\s*[:,\u2014-]+\s*$")
# Before a quotation, the voice that says it: "Anna's voice answered:", "and her clear voice rejoin:"
_VOICE_LEADS = re.compile(rf"(?:^|[.!?;,]\s+|\b(?:[Aa]nd|[Bb]ut|[Tt]hen|heard)\s+)"
                          rf"(?:(?P<who>[Hh]is|[Hh]er|[Mm]y)|{_OWNER}['\u2019]s)\s+(?:[a-z]+\s+)?voice\s+"
                          rf"(?:{_ADVERB}\s+)?(?:{_VERB}|{_VOICE_SOUNDS}|{_PLAIN_VERB})\b{_END}")
# "was all Tom said", "was all that she could say"
_ALL_SAID = re.compile(rf"{_LEAD}was\s+all\s+(?:that\s+)?(?:(?P<who>he|she|I)|{_OWNER})\s+"
                       rf"(?:could\s+|would\s+)?{_VERB}")
# Who a quotation came from, in a sentence after it: "This from Tom.", "--this was Tom--"
_SENTENCE_ENDS = rf"\s*(?:{NOT_AFTER_TITLE}\.|[!;]|--|\u2014)"
_CAME_FROM = (re.compile(rf"{_LEAD}(?:(?:[Tt]his|[Tt]hat)\s+(?:was\s+|came\s+)?)?from\s+{_SPEAKER}{_SENTENCE_ENDS}"),
              re.compile(rf"{_LEAD}(?:[Tt]his|[Tt]hat)\s+was\s+{_NAMED_SPEAKER}{_SENTENCE_ENDS}"))
_WHO_SAID = re.compile(rf"{_SPEAKER},?\s+who{_ASIDE}\s+(?:{_ADVERB}\s+)?{_VERB}{_TRAILER}{_END}")
_BY = re.compile(rf"\b(?:{_VERB}|accosted|addressed|greeted|met|followed)\s+by\s+{_SPEAKER}{_TRAILER}"
                 r"\s*[,:\u2014-]*\s*$")
# A narration paragraph that ends by announcing the speech of the next one.
# ... and the one who "broke the silence" or "was the first to speak"
_SPEAKS = rf"(?:{_VERB}|broke\s+the\s+silence|was\s+the\s+first\s+to\s+(?:speak|break\s+the\s+silence))"
_ANNOUNCES = (rf"{_SPEAKER}{_ASIDE}\s+(?:{_ADVERB}\s+)?{_AUX}{_SPEAKS}"
              rf"(?:(?:\s+(?:{_ADVERB}|first|as\s+follows|in\s+reply|to\s+\w+"
              r"|with\s+(?:a\s+|an\s+)?[a-z]+(?:\s+[a-z]+)?))?\s*[.:,\u2014-]*"  # "spoke with sudden decision."
              rf"|{_TRAILER}\s*[,:\u2014-]+"
              rf"|,\s+(?:in|with)\s+[^.!?;,\"\u201c]{{1,40}}[,:\u2014-]+"  # "said, in a trembling voice:"
              rf"|,\s+(?:as|when|while|after|before)\s+[^.!?;,\"\u201c]{{1,40}}[,:\u2014-]+)"  # "said, as he rose,"
              rf"\s*$")
_INTRODUCES = re.compile(rf"{_CLAUSE_START}{_ANNOUNCES}")
# ... after words opening the sentence: "With a smile Tom said:", "To this she replied:"
_OPENED_INTRODUCES = re.compile(_opening(3) + _ANNOUNCES.replace(_SPEAKER, _NAMED_SPEAKER))
# "It was Anna who answered."
_CLEFT = re.compile(rf"\b[Ii]t\s+was\s+{_SPEAKER}\s+who\s+(?:{_ADVERB}\s+)?{_SPEAKS}"
                    rf"[^.!?\"\u201c]{{0,40}}[.:,\u2014-]*\s*$")

# A possessive after a name: "Tom's wife", "Tom's good lady".
_OWNED = re.compile(r"(?P<s>['\u2019]s)\s+(?:(?P<first>[a-z]+)\s+)?(?P<noun>[a-z]+)\b")


def _relation_owned(text: str, at: int) -> tuple[str, str] | None:
    """("'s", "mother") for "'s mother" or "'s good mother" at ``at``: a person of someone's, by the noun."""
    m = _OWNED.match(text, at)
    if m is None:
        return None
    noun = m.group("first") if m.group("first") in PERSON_NOUNS else m.group("noun")  # "'s mother said"
    return (m.group("s"), noun) if noun in PERSON_NOUNS and noun != "voice" else None  # "Tom's voice" is Tom


_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Mme|Mlle|Dr|St|Rev|M)\.\s+$")
# Narration (a paragraph of its own, or before a quotation in its paragraph) ending
# "X, much offended, laid aside his book, and said," (announcing with a comma or colon).
_AND_SAID_LAST = (rf"{_SPEAKER}{_ASIDE}\s+[^.!?\"\u201c]{{0,100}}?\b(?:and|then)\b"
                  rf"[^.!?;\"\u201c]{{0,60}}?\b{_VERB},?{_TRAILER}\s*[,:\u2014-]+\s*$")
_AND_INTRODUCES = re.compile(rf"{_CLAUSE_START}{_AND_SAID_LAST}")
_TO_SAY_INTRODUCES = re.compile(rf"{_CLAUSE_START}{_TO_SAY}")
# ... after words opening the sentence: "At length Vane rose, and said," / "In her alarm she ... and said,"
_OPENED_AND_INTRODUCES = re.compile(_opening(5) + _AND_SAID_LAST.replace(_SPEAKER, _NAMED_SPEAKER))
_WORD = re.compile(r"\b[^\W\d_]+\b")
# "X ... and said": a new subject may come between
_RUNS_ON = {*_AND_SAID_BEFORE, _AND_INTRODUCES, _OPENED_AND_INTRODUCES, _TO_SAY_INTRODUCES}


@dataclass(frozen=True)
class Tag:
    kind: str  # "name" | "pronoun" | "description" | "someone" (one of a group: "said one of the men")
    who: str  # the words naming the speaker: "Mrs. Hale", "she", "his wife", "the old cook"
    offset: int  # where those words are in the story
    noun: str = ""  # a description's head noun: "wife", "cook"


def tag_after(text: str, start: int, end: int, is_common=lambda word: False) -> Tag | None:
    """A tag opening the narration text[start:end] that follows a quotation.
    After a verb any capitalised word is a name ("said Five"); before one it
    may open a sentence ("Having thus offered...")."""
    window = text[start : min(end, start + 120)]
    for pattern in (_NAMED_NOUN_TAG, _NOUN_OF_TAG, *_VOICE_TAGS):  # "was Tom's reply", "said the voice of Tom"
        if (m := pattern.match(window)) and not is_common(m.group("owner").split()[0]):
            return Tag("name", m.group("owner"), start + m.start("owner"))
    if m := _OWN_VOICE.match(window):
        return Tag("pronoun", _OWNER_PRONOUN[m.group("who").lower()], start + m.start("who"))
    if tag := _described_owner(_DESCRIBED_VOICE, window, start):
        return tag
    m = _VERB_FIRST.match(window)
    tag = m and _tag(m, start, lambda word: False)
    if not tag:
        m = _SUBJECT_FIRST.match(window)
        tag = m and not _owns_a_thing(m) and _tag(m, start, is_common)
    if not tag and (m := _HEARD_AFTER.match(window)):
        tag = _tag(m, start, is_common)
    tag = tag or _described_owner(_DESCRIBED_NOUN_TAG, window, start)
    if not tag and (m := _NOUN_TAG.match(window)) and m.group("who") in _OWNER_PRONOUN:
        tag = Tag("pronoun", _OWNER_PRONOUN[m.group("who")], start + m.start("who"))
    tag = tag or _came_from(window, start, is_common)
    if not tag and (m := _ALL_SAID.match(window)):
        tag = Tag("pronoun", m.group("who"), start + m.start("who")) if m.group("who") \
            else Tag("name", m.group("owner"), start + m.start("owner"))
    return tag or None


def _described_owner(pattern: re.Pattern, window: str, start: int) -> Tag | None:
    """The description a voice or a reply belongs to ("the old woman's voice", "his mother's reply"),
    when it ends on a person noun: "the door's voice" is no one's."""
    m = pattern.match(window)
    words = m.group("who").split() if m else []
    return _description_tag(words, start + m.start("who")) if words and words[-1] in PERSON_NOUNS else None


def _came_from(window: str, start: int, is_common) -> Tag | None:
    """"This from Tom.": whom the quotation came from, when that is someone, not "the window"."""
    for pattern in _CAME_FROM:
        if (m := pattern.match(window)) and (tag := _tag(m, start, is_common)) \
                and (tag.kind != "description" or tag.noun in PERSON_NOUNS):
            return tag
    return None


def _owns_a_thing(m: re.Match) -> bool:
    """"Ann's eyes sparkled": the subject is something of hers that no verb of saying goes with."""
    owned = _OWNED.match(m.string, m.end("who"))
    verb = m.group().split()[-1]
    return bool(owned) and owned.group("noun") not in PERSON_NOUNS and verb not in _SAYS


_SAYS = frozenset(SPEECH_VERBS)


def tag_before(text: str, start: int, end: int, paragraph_before: bool = False,
               is_common=lambda word: False) -> Tag | None:
    """A tag closing the narration text[start:end] that leads into a
    quotation; ``paragraph_before`` when that narration is a paragraph of
    its own, which must then end on the announcement ("Sir William thus began.").
    ``is_common`` tells a capitalised common word ("Very soon...") from a name."""
    window = max(start, end - 300)
    patterns = ((_INTRODUCES, _WHO_SAID, _AND_INTRODUCES, _OPENED_AND_INTRODUCES, _TO_SAY_INTRODUCES, _BY, _CLEFT,
                 _OPENED_INTRODUCES, *_WHEN_OR_ALL)
                if paragraph_before
                else (*_BEFORE, _WHO_SAID, _BY, _AND_INTRODUCES, _CLEFT))
    if m := _NOUN_LEADS.search(text[window:end]) or _VOICE_LEADS.search(text[window:end]):  # "Tom's answer was:"
        if m.group("who"):
            return Tag("pronoun", _OWNER_PRONOUN[m.group("who").lower()], window + m.start("who"))
        if not is_common(m.group("owner").split()[0]):
            return Tag("name", m.group("owner"), window + m.start("owner"))
    if paragraph_before and _MANNER_END.search(text, window, end):
        return None  # "Ann smiled." shows her face; whoever speaks next, the tag does not say
    for pattern in patterns:
        m = pattern.search(text[window:end])
        tag = m and _tag(m, window, is_common)
        if tag:
            return tag
    return None


_MANNER_END = re.compile(rf"\b(?:{'|'.join(sorted(MANNER_VERBS))})(?:\s+{_ADVERB})?\s*\.\s*$")


# "Having greeted Mrs. Grey, a tall lady, he sat down and said", "..., when she drew back, and said",
# "she talked on, and then Tom drew a breath and said": the clause's own subject after a comma or "and then"
_NEW_SUBJECT = re.compile(rf"(?:,\s+(?:(?:when|till|until|(?:after|upon|at|on)\s+which)\s+"
                          rf"|(?:and|but)\s+(?:{_LINK_ADVERB},?\s+)?)?|\band\s+then\s+)"
                          rf"(?:(?P<who>he\b|she\b|{_NAME})(?:\s+(?!(?:said|says|and|or)\b)[a-z]+|,)"
                          rf"|(?P<described>(?:the|his|her|their|my)\s+{_DESCRIPTION_WORD}(?:\s+{_DESCRIPTION_WORD}){{0,2}})"
                          r"\s+(?!(?:said|says|and|or)\b)[a-z]+)")  # "..., after which Kit Cole, giving up, said"


# "as the lamp lit her face she turned and said": after words that name no one, the he/she that acts
_LATER_SUBJECT = re.compile(r"\b(?P<who>he|she)\s+(?!(?:said|says)\b)[a-z]+")
# "She bent to the lamp, and as it lit her face he said:": a he/she right before the last verb is its subject
_VERBS_SUBJECT = re.compile(rf"\b(?P<who>he|she)\s+(?:{_ADVERB}\s+)?{_AUX}{_VERB},?{_TRAILER}{_END}")


def _tag(m: re.Match, base: int, is_common) -> Tag | None:
    tag = _speaker(m, base, is_common)
    if m.re in _RUNS_ON:
        nobody = (tag.kind == "description" and tag.noun not in PERSON_NOUNS) if tag is not None \
            else m.group("who").lower() == "it"
        subject = (tag is not None and _last(_NEW_SUBJECT, m.string, m.end("who"), m.end())) \
            or (nobody and _LATER_SUBJECT.search(m.string, m.end("who"), m.end())) \
            or _VERBS_SUBJECT.search(m.string, m.end("who"), m.end())
        if subject and subject.groupdict().get("described"):  # "..., but her mother only sighed and said"
            described = _description_tag(subject.group("described").split(), base + subject.start("described"))
            return described if described is not None and described.noun in PERSON_NOUNS else tag
        if subject and subject.group("who") in ("he", "she"):
            return Tag("pronoun", subject.group("who"), base + subject.start("who"))
        if subject:
            return _speaker(subject, base, is_common) or tag
    return tag


def _last(pattern: re.Pattern, string: str, start: int, end: int) -> re.Match | None:
    """The last match of ``pattern`` in string[start:end]: of several new subjects, the one who says it."""
    matches = list(pattern.finditer(string, start, end))
    return matches[-1] if matches else None


def _speaker(m: re.Match, base: int, is_common) -> Tag | None:
    who = m.group("who")
    offset = base + m.start("who")
    if m.groupdict().get("someone"):
        return _someone_tag(who, offset)
    if m.group("name1"):
        title = _TITLE_BEFORE.search(m.string, 0, m.start("who"))
        if title:  # "gone Mr. Rudd began": the match started after the title's full stop
            who, offset = title.group() + who, base + title.start()
        words = who.split()
        if len(words) == 1 and words[0].lower() in _DETERMINERS:  # "The beadle ... said", "His friend ... said"
            rest = _AFTER_THE.match(m.string, m.end("who"))
            return _description_tag([words[0], *rest.group().split()], offset) if rest else None
        while words and (is_common(words[0]) or len(words) > 1 and words[0].lower() in _EPITHETS):
            words = words[1:]  # "cried Old Horace": Horace
        if m.groupdict().get("the_epithet") and len(words) == 1 and words[0].lower() in PERSON_NOUNS:
            words = ["the", *words]  # "said the now mollified General": the General
        owned = _relation_owned(m.string, m.end("who") - 2 if who.endswith(("'s", "\u2019s")) else m.end("who"))
        if words and owned:  # "answered Nora's mamma", not "the Fox's voice"
            at = m.end("who") - 2 if who.endswith(("'s", "\u2019s")) else m.end("who")
            return _apposed(Tag("description", f"{' '.join(words).removesuffix(owned[0])}'s {owned[1]}", offset,
                                owned[1]), m.string, _OWNED.match(m.string, at).end(), base, is_common)
        return Tag("name", " ".join(words), offset) if words else None
    if re.fullmatch(_PRONOUN, who):
        return Tag("pronoun", who.lower() if who != "I" else who, offset) if who.lower() != "it" else None
    if owned := _relation_owned(m.string, m.end("who")):  # "said the boy's father": the father
        return _apposed(Tag("description", f"{who.lower()}'s {owned[1]}", offset, owned[1]),
                        m.string, _OWNED.match(m.string, m.end("who")).end(), base, is_common)
    words, end = who.split(), m.end("who")
    if words[-1] not in PERSON_NOUNS and (more := _MORE_ADJECTIVES.match(m.string, m.end("who"))) \
            and more.group().split()[-1] in PERSON_NOUNS:  # "said the tall, thin stranger"
        words, end = words + more.group().replace(",", " ").split(), more.end()
    return _apposed(_description_tag(words, offset), m.string, end, base, is_common)


# "said his brother John", "said the landlord, Mr. Giles.", "her cousin, Anna Grey, said": the name beside a
# description is the speaker's
_APPOSED = re.compile(rf",?\s+{NAME_PATTERN.replace('?P<the>', '?:').replace('?P<name>', '?P<apposed>')}"
                      r"(?=\s*[,.;:!?\u2014-]|\s*$|\s+[a-z])")


def _apposed(tag: Tag | None, string: str, end: int, base: int, is_common) -> Tag | None:
    """The description ``tag`` (ending at ``end`` of ``string``), or the name put beside it."""
    m = _APPOSED.match(string, end)
    if tag is None or m is None or not string[:end].endswith(tag.noun) or is_common(m.group("apposed").split()[0]):
        return tag  # "said the lady from Dover": Dover is no one
    if m.group().startswith(",") and string[m.end():].lstrip()[:1] not in (",", ".", ";", "!", "?", ""):
        return tag  # "said the old man, Tom being away"
    return Tag("name", m.group("apposed"), base + m.start("apposed"))


_MORE_ADJECTIVES = re.compile(rf"(?:,\s+{_DESCRIPTION_WORD}){{1,2}}(?:\s+{_DESCRIPTION_WORD}){{0,2}}")


_AFTER_THE = re.compile(rf"(?:\s+{_DESCRIPTION_WORD}){{1,4}}")


def _description_tag(words: list[str], offset: int) -> Tag | None:
    words = [words[0].lower(), *(w.lower() if w.lower() in RANK_ADDRESS else w for w in words[1:])]  # "Her Ladyship"
    nouns = [w for w in words[1:] if _person_noun(w)]
    own_words = list(itertools.takewhile(lambda word: word not in FUNCTION_WORDS, words[1:])) or words[1:2]
    head = next((w for w in nouns if _person_noun(w) in GENDER_OF_NOUN), nouns[0] if nouns else own_words[-1])
    if not _person_noun(head) and words[0] != "the":  # ... "the old pauper": pauper
        return None
    return Tag("description", " ".join(words[: words.index(head) + 1]), offset, _person_noun(head) or head)


def _person_noun(word: str) -> str | None:
    """The person noun a word is, or ends in: "boy" for "charity-boy", "convict" for "ex-convict"."""
    last = word.rsplit("-", 1)[-1]
    return word if word in PERSON_NOUNS else last if last in PERSON_NOUNS else None


def _someone_tag(who: str, offset: int) -> Tag | None:
    """"one of the old women": someone of the group its last words name (its noun: "women"), or of none."""
    words = who.lower().replace("some one", "someone").split()  # one "someone", however it is written
    if "of" not in words or words[-1] in ("them", "us"):
        return Tag("someone", " ".join(words), offset)
    group = words.index("of") + 2  # the first word after "of the"
    while words[-1] not in PERSON_PLURALS:  # "one of the men significantly"; "one of her queer jerks" is no one
        words = words[:-1]
        if len(words) <= group:
            return None
    return Tag("someone", " ".join(words), offset, PERSON_PLURALS[words[-1]])


def description_gender(words: str) -> str | None:
    return noun_gender(words.split()[-1])


_INSIDE = re.compile(r"(?<=[a-z,;] )[^\W\d_]+")  # a word after a lower-case word or a comma


def common_word_test(text: str, names: frozenset = frozenset()):
    """A test for capitalised words that are ordinary words at the start of a
    sentence ("Very", "Presently") rather than names: written in lower case
    more often than capitalised inside a sentence, where only names are.
    Titles, "the" and the given ``names`` (a listed character called Seven)
    are kept."""
    counts = Counter(_WORD.findall(text))
    inside = Counter(w for w in _INSIDE.findall(text) if w[0].isupper())

    def is_common(word: str) -> bool:
        lower = word.lower()
        if lower in HONORIFICS or lower == "the" or lower in names:
            return False
        return lower in NOT_NAMES or counts[lower] > inside[word]

    return is_common


def _resumes(text: str, segments: list[Segment], i: int) -> bool:
    """'"I hope," said Tom, when Anna came in, "that all is well."': a quotation
    going on in lower case after a comma resumes the sentence the tag broke;
    the narration between is that one's tag, not this one's."""
    before, quote = segments[i - 1], segments[i]
    return (i >= 2 and segments[i - 2].kind == "dialogue" and segments[i - 2].paragraph == quote.paragraph
            and text[before.start:before.end].rstrip().endswith(",") and quote.text[:1].islower())


def _announces(text: str, narration: Segment) -> bool:
    """Whether narration ends leading into what follows ('... and, turning to Tom, Anna said,'),
    or on someone going on ("The Fox went on.", "and Mrs. Grey began again.")."""
    return text[narration.start:narration.end].rstrip()[-1:] in ",:\u2014-" \
        or bool(_GOES_ON.search(text, narration.start, narration.end))


_GOES_ON = re.compile(rf"(?:^|[.!?;,]\s+|\band\s+){_SPEAKER}\s+(?:{_ADVERB}\s+)?"
                      r"(?:went\s+on|continued|resumed|began(?:\s+again)?|spoke\s+again)\s*\.\s*$")


def find_tags(text: str, segments: list[Segment], names: frozenset = frozenset()) -> dict[int, Tag]:
    """Speech tag of each dialogue segment (by index), from the narration
    right after it, else right before it in the same paragraph, else at the
    end of a narration paragraph just before."""
    is_common = common_word_test(text, names)
    out = {}
    for i, seg in enumerate(segments):
        if seg.kind != "dialogue":
            continue
        after = segments[i + 1] if i + 1 < len(segments) else None
        before = segments[i - 1] if i else None
        tag = None
        resumes = _resumes(text, segments, i)
        if after and after.kind == "narration" and after.paragraph == seg.paragraph and not resumes:
            tag = tag_after(text, after.start, after.end, is_common)
        if not tag and before and before.kind == "narration" and before.paragraph == seg.paragraph \
                and not resumes:
            tag = tag_before(text, before.start, before.end, is_common=is_common)
        if not tag and before and before.kind == "narration" and before.paragraph == seg.paragraph - 1 \
                and (i < 2 or segments[i - 2].paragraph != before.paragraph or _announces(text, before)):
            tag = tag_before(text, before.start, before.end, paragraph_before=True, is_common=is_common)
        if tag:
            out[i] = tag
    return out
