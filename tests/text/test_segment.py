"""Segmenting: quote styles, apostrophes, broken quotes, tiling, sentences."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.model import Skip
from audiobook.text.segment import continues_previous, segment
from audiobook.text.sentences import sentences
from audiobook.text.spans import paragraph_spans, with_apostrophes


def dialogue(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text) if s.kind == "dialogue"]


def pieces(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in segment(text)]


@pytest.mark.parametrize("text, quote", [
    ('He said "hello there" twice.', '"hello there"'),
    ("He said \u201chello there\u201d twice.", "\u201chello there\u201d"),
    ("He said \u2018hello there\u2019 twice.", "\u2018hello there\u2019"),
    ("He said 'hello there' twice.", "'hello there'"),
    ("Il dit \u00abbonjour\u00bb deux fois.", "\u00abbonjour\u00bb"),
])
def test_each_quote_style_is_dialogue(text, quote):
    assert dialogue(text) == [quote]


def test_tag_between_two_quotes_is_narration():
    text = '"My dear," said his lady, "have you heard?"'
    assert pieces(text) == [("dialogue", '"My dear,"'), ("narration", "said his lady,"),
                            ("dialogue", '"have you heard?"')]


def test_spoken_text_drops_marks_folds_lines_and_emphasis():
    [seg] = [s for s in segment('"_You_ want to\n  tell me."') if s.kind == "dialogue"]
    assert seg.text == "You want to tell me."


@pytest.mark.parametrize("text", [
    "I don't know what o'clock it is.",
    "'Tis the season for rock 'n' roll.",
    "We went to the Greys' house and the dogs' kennel.",
    "Back in the '90s we sang.",
])
def test_apostrophes_are_not_quotes(text):
    assert dialogue(text) == []


def test_british_quote_with_apostrophes_inside():
    text = "'I don't like the Greys' dog,' she said."
    assert dialogue(text) == ["'I don't like the Greys' dog,'"]


@pytest.mark.parametrize("mark", ["'", "\u2019"])
def test_talk_written_as_it_is_said_in_single_quotes_keeps_its_elisions_inside(mark):
    o = "\u2018" if mark == "\u2019" else "'"
    speech = f"{o}I was goin{mark} home, an{mark} then the rain come on{mark}"
    text = f"{speech} said old Jem. {o}Fetch the lamp, an{mark} be quick!{mark}"
    assert dialogue(text) == [speech, f"{o}Fetch the lamp, an{mark} be quick!{mark}"]


@pytest.mark.parametrize("mark", ["'", "\u2019"])
def test_an_elision_right_before_the_closing_mark_or_its_stop_stays_inside(mark):
    o = "\u2018" if mark == "\u2019" else "'"
    text = (f"{o}We was all goin{mark},{mark} said old Jem. {o}Me an{mark} Sam stayed, wid a pail o{mark} his{mark}n.{mark}\n\n"
            f"{o}I come fu{mark}. Dey was singin{mark} on de road,{mark} said Sam.")
    assert dialogue(text) == [f"{o}We was all goin{mark},{mark}", f"{o}Me an{mark} Sam stayed, wid a pail o{mark} his{mark}n.{mark}",
                              f"{o}I come fu{mark}. Dey was singin{mark} on de road,{mark}"]


def test_a_right_hand_single_mark_between_spaces_closes_a_speech_cut_short():
    text = "\u2018Well, my good \u2019 The old man stopped short. \u2018No matter,\u2019 he said."
    assert dialogue(text) == ["\u2018Well, my good \u2019", "\u2018No matter,\u2019"]


def test_a_single_quote_closed_before_a_semicolon_or_a_stop_outside_it_is_closed():
    text = ("Jem had pointed south and said: \u2018There is the sea\u2019; and Ann answered: \u2018How blue.\u2019 "
            "He called it \u2018rubbish\u2019. Then \u2018Go,\u2019 she said.")
    assert dialogue(text) == ["\u2018There is the sea\u2019", "\u2018How blue.\u2019", "\u2018rubbish\u2019",
                              "\u2018Go,\u2019"]


def test_a_word_quoted_in_single_quotes_mid_sentence_closes_before_the_words_after_it():
    text = ("He knew the \u2018form\u2019 in the town; and his aunt\u2019s \u2018at homes\u2019 bored him, with their "
            "\u2018made dishes\u2019 and weak tea. \u2018Ah,\u2019 he said.")
    assert dialogue(text) == ["\u2018form\u2019", "\u2018at homes\u2019", "\u2018made dishes\u2019", "\u2018Ah,\u2019"]


def test_a_left_hand_single_mark_opens_though_a_space_follows_it():
    assert dialogue("\u2018 Listen to me,\u2019 said the tall man.") == ["\u2018 Listen to me,\u2019"]


def test_a_right_hand_mark_never_opens_a_quotation():
    text = "\u2018Come,\u2019 said Jem. They went \u2019cross the field, and home \u2019fore dark, talkin\u2019 low."
    assert dialogue(text) == ["\u2018Come,\u2019"]


def test_nested_quote_stays_one_quotation():
    text = "\"He said 'no' to me.\" She left."
    assert dialogue(text) == ["\"He said 'no' to me.\""]


def test_unclosed_quote_ends_at_its_paragraph():
    text = '"Wait for me, she cried.\n\nThe train left. Nobody spoke.'
    segs = segment(text)
    assert [(s.kind, s.paragraph) for s in segs] == [("dialogue", 0), ("narration", 1)]


def test_quote_running_over_paragraphs_continues():
    text = '"First part of the speech,\n\n"and the second part."\n\nThen silence.'
    segs = segment(text)
    assert [s.kind for s in segs] == ["dialogue", "dialogue", "narration"]
    assert continues_previous(text, segs[0], segs[1])
    assert not continues_previous(text, segs[1], segs[2])


def test_closed_quote_is_not_continued_by_next_paragraph():
    text = '"One."\n\n"Two."'
    first, second = segment(text)
    assert not continues_previous(text, first, second)


def test_stray_closing_mark_is_narration():
    text = "The word\u201d was odd."
    assert dialogue(text) == []


def test_mismatched_family_does_not_close():
    text = "\u201cHe said \u2019tis late.\u201d Then he went."
    assert dialogue(text) == ["\u201cHe said \u2019tis late.\u201d"]


@pytest.mark.parametrize("mark", ["***", "* * *", "#", "~ ~ ~"])
def test_scene_breaks(mark):
    text = f"Before.\n\n{mark}\n\nAfter."
    seg = segment(text)[1]
    assert (seg.text, seg.skip, text[seg.start : seg.end]) == ("", "scene break", mark)


def test_punctuation_only_paragraph_has_no_words():
    seg = segment("Before.\n\n...!?\n\nAfter.")[1]
    assert (seg.text, seg.skip) == ("", "no words")


def test_headings_and_skips_become_their_own_segments():
    text = '# Chapter One\n\nShe said "hi".\n\nLICENCE TEXT'
    segs = segment(text, headings=[(0, 13, "Chapter One")], skipped=[Skip(31, 43, "licence")])
    assert [(s.kind, s.text, s.skip, s.paragraph) for s in segs] == [
        ("narration", "Chapter One", "", 0),
        ("narration", "She said", "", 1),
        ("dialogue", "hi", "", 1),
        ("narration", "", "no words", 1),
        ("narration", "", "licence", 2),
    ]


def test_huge_paragraph_without_quotes_is_fast():
    text = "word " * 40_000 + "end."
    t0 = time.perf_counter()
    segs = segment(text)
    assert len(segs) == 1 and time.perf_counter() - t0 < 2


def test_many_unclosed_quotes_stay_linear():
    text = '"a ' * 50_000
    t0 = time.perf_counter()
    segment(text)
    assert time.perf_counter() - t0 < 3


def assert_tiles(text: str, segs) -> None:
    covered = [0] * len(text)
    prev_end = 0
    for s in segs:
        assert prev_end <= s.start < s.end <= len(text)
        prev_end = s.end
        for i in range(s.start, s.end):
            covered[i] += 1
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i] == 1, (i, ch)


QUOTEY = st.text(alphabet=st.sampled_from(list("ab S.,!?'\"\u201c\u201d\u2018\u2019\u00ab\u00bb*#\n\r\t\u200b ")),
                 max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), QUOTEY))
def test_segments_tile_any_text(text):
    assert_tiles(text, segment(text))


@settings(max_examples=100, deadline=None)
@given(QUOTEY, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=3))
def test_segments_tile_with_headings_and_skips(text, spans):
    headings = [(s, s + n, "Title") for s, n in spans[:1]]
    skipped = [Skip(s, s + n, "front matter") for s, n in spans[1:]]
    segs = segment(text, headings, skipped)
    assert_tiles(text, segs)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_sentences_never_raise_and_stay_short(text):
    for piece in sentences(" ".join(text.split())):
        assert 0 < len(piece) <= 400


def test_sentences_split_at_ends_only():
    text = ('Mr. Vane paid $10.50 at St. Paul\'s, e.g. for tea. He left... and came back! '
            '"Why?" she asked. J. R. Tolkien wrote it. See www.example.com for 3.5 more. Done.')
    assert sentences(text) == [
        "Mr. Vane paid $10.50 at St. Paul's, e.g. for tea.",
        "He left... and came back!",
        '"Why?" she asked.',
        "J. R. Tolkien wrote it.",
        "See www.example.com for 3.5 more.",
        "Done.",
    ]


def test_long_sentences_are_cut_and_rejoin():
    text = ("one two three, " * 60).strip()
    out = sentences(text)
    assert all(len(p) <= 400 for p in out) and len(out) > 1
    assert " ".join(out) == text


def test_long_token_is_hard_cut():
    out = sentences("x" * 10_000)
    assert "".join(out) == "x" * 10_000 and max(map(len, out)) <= 400


def test_interrupted_quote_closes_after_a_dash():
    text = '"I think--" she began, and stopped.'
    assert dialogue(text) == ['"I think--"']


def test_indented_letter_is_read_as_narration():
    body = "\n\n".join(f"Plain paragraph {i}." for i in range(8))
    text = body + '\n\n     "Dear Sir, I write to you."\n\n"Well?" said he.'
    assert dialogue(text) == ['"Well?"']


def test_poem_in_quotes_is_read_as_narration():
    text = '"Twinkle, twinkle, little bat!\nHow I wonder what you\'re at!\nUp above the world you fly,\nLike a tea-tray in the sky."'
    assert dialogue(text) == []


def test_quote_announced_as_read_is_a_document():
    text = 'The advertisement ran in this way:\n\n"Lost, a dog."\n\n"Odd," said I.'
    assert dialogue(text) == ['"Odd,"']


def test_letter_read_aloud_after_a_cue_is_a_document():
    text = '"I will read it to you--"\n\n"When my brother left us, he imagined..."\n\n"Go on," said she.'
    assert dialogue(text) == ['"I will read it to you--"', '"Go on,"']


def test_speech_with_its_tag_after_a_weak_reading_cue_is_speech():
    text = 'The note came at noon, and Ann read it twice.\n\n"From Tom?" asked Kit.\n\n"Yes."'
    assert dialogue(text) == ['"From Tom?"', '"Yes."']
    announced = 'Ann read it out:\n\n"Come at once," it ran, "and bring the key."'
    assert dialogue(announced) == []  # a colon announces the document, tag or not


def test_apostrophes_a_conversion_lost_are_put_back_in_place():
    lost = "\n\n".join(['"I don t mind," said Ann s brother. "It s late and we ll go."'] * 3)
    restored = with_apostrophes(lost)
    assert len(restored) == len(lost) and "Ann's brother" in restored and "we'll" in restored
    assert [s.text for s in segment(lost)][:2] == ["I don't mind,", "said Ann's brother."]
    few = 'The letter s was faded, and the label read "Grade A s".'
    assert with_apostrophes(few) == few  # too few to be a lost apostrophe: left as written


def test_german_low_mark_closes_with_a_high_mark():
    assert dialogue("\u201eNein\u201c, sagte er.") == ["\u201eNein\u201c"]


def test_empty_quotation_is_silent():
    segs = segment('"" he said.')
    assert [(s.kind, s.text, s.skip) for s in segs] == [("dialogue", "", "no words"), ("narration", "he said.", "")]


@pytest.mark.parametrize("text", ["Привет. Как дела?", "שלום עולם. זה טוב."])
def test_sentences_split_in_other_scripts(text):
    assert len(sentences(text)) == 2


def test_a_mark_between_spaces_closes_an_open_quotation_but_opens_none():
    assert pieces('"If the tide had turned " said Ned. "We sail."\n') == [
        ("dialogue", '"If the tide had turned "'), ("narration", "said Ned."), ("dialogue", '"We sail."')]
    assert pieces('The card said " and then nothing.\n') == [("narration", 'The card said " and then nothing.')]


# --- paragraphs marked without blank lines ----------------------------------------------

_TALK = ['The lamp was low when Ruth Vane came home from the mill that evening.', '"You are late," said Joe.',
         '"The road was flooded."', '"Again?"', '"Again. The bridge is under water, and the ferry will not run."',
         'Joe put more wood on the fire and said nothing for a while.', '"Sit down," he said at last.',
         '"I will," said Ruth.', '"Tea?"', '"Please."']


def paragraph_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in paragraph_spans(text)]


def test_a_story_saved_one_line_a_paragraph_has_one_paragraph_a_line():
    for layout in ("\n".join(_TALK), "\n".join("\t" + line for line in _TALK)):  # as a word processor saves it
        assert paragraph_texts(layout) == _TALK
        assert [s.paragraph for s in segment(layout) if s.kind == "dialogue"][:3] == [1, 2, 3]


def test_hard_wrapped_paragraphs_begin_where_a_line_is_indented():
    wrapped = ["    " + line.replace(" and ", " and\n", 1) for line in _TALK]  # first lines indented, then wrapped
    text = "\n".join(wrapped)
    assert [" ".join(p.split()) for p in paragraph_texts(text)] == _TALK
    assert "\n" in paragraph_texts(text)[4]  # "...under water, and\nthe ferry..." stays one paragraph


def test_blank_lines_still_mark_paragraphs_when_a_text_has_them():
    letter = 'She read it aloud:\n\n    Dear Joe, the bridge is down.\n    Come by the hill road.\n\n"Well?" said Joe.'
    text = "\n\n".join(_TALK) + "\n\n" + letter
    assert paragraph_texts(text)[-2] == "Dear Joe, the bridge is down.\n    Come by the hill road."
    prose = "\n".join(["Prose that is wrapped at a width, and goes on", "without a blank line"] * 5) + "."
    assert paragraph_texts(prose) == [prose]  # no indent, lines ending mid-sentence: one paragraph, as written
