"""Pauses by boundary, voices by speaker, blocks cut by text only."""
from audiobook.audio import plan as plan_mod
from audiobook.model import Cast, Chapter, Pauses, Segment, Story, Voice
from audiobook.voices.pronounce import pronouncer

NARRATOR, ANN, BOB = Voice("en-gb-x-rp"), Voice("en-us+f3"), Voice("en-us+m3")
PAUSES = Pauses(sentence=0.3, paragraph=0.8, speaker_change=0.4, chapter=2.0, scene=1.6)
CAST = Cast(NARRATOR, {"Ann": ANN, "Bob": BOB})


def story(chapters):
    return Story("x.txt", "X", "", tuple(Chapter(t, s, e) for t, s, e in chapters))


def seg(start, kind, text, paragraph, speaker=None, skip=""):
    return Segment(start, start + 1, kind, text, paragraph, speaker, skip=skip)


def test_pauses_follow_the_kind_of_boundary():
    segments = [
        seg(0, "narration", "One. Two.", 0),
        seg(1, "dialogue", "Hi.", 0, "Ann"),
        seg(2, "narration", "she said.", 0),
        seg(3, "narration", "Next paragraph.", 1),
    ]
    (chapter,) = plan_mod.plan(story([("A", 0, 10)]), segments, CAST, PAUSES)
    assert [(ln.text, ln.voice, ln.pause) for ln in chapter.lines] == [
        ("One.", NARRATOR, 0.3),
        ("Two.", NARRATOR, 0.4),  # speaker change
        ("Hi.", ANN, 0.4),
        ("she said.", NARRATOR, 0.8),  # paragraph
        ("Next paragraph.", NARRATOR, 0.0),  # end of the book
    ]


def test_chapter_and_scene_pauses_and_skips():
    segments = [
        seg(0, "narration", "End of one.", 0),
        seg(5, "narration", "", 1, skip="scene break"),
        seg(6, "narration", "After the break.", 2),
        seg(10, "narration", "Chapter two.", 3),
    ]
    first, second = plan_mod.plan(story([("A", 0, 10), ("B", 10, 20)]), segments, CAST, PAUSES)
    assert [(ln.text, ln.pause) for ln in first.lines] == [("End of one.", 1.6), ("After the break.", 2.0)]
    assert [(ln.text, ln.pause) for ln in second.lines] == [("Chapter two.", 0.0)]


def test_punctuation_only_pieces_are_not_spoken():
    segments = [seg(0, "narration", "Well.", 0), seg(1, "dialogue", "...", 0, "Ann"), seg(2, "narration", "Yes.", 0)]
    (chapter,) = plan_mod.plan(story([("A", 0, 10)]), segments, CAST, PAUSES)
    assert [(ln.text, ln.pause) for ln in chapter.lines] == [("Well.", 0.3), ("Yes.", 0.0)]


def test_blocks_cut_at_paragraphs_and_ignore_voices():
    words = "word " * 300
    segments = [seg(i, "dialogue", words.strip() + ".", i, "Ann") for i in range(40)]
    (a,) = plan_mod.plan(story([("A", 0, 100)]), segments, CAST, PAUSES)
    (b,) = plan_mod.plan(story([("A", 0, 100)]), segments, Cast(NARRATOR, {"Ann": BOB}), PAUSES)
    assert len(a.blocks) > 1
    assert [len(x) for x in a.blocks] == [len(x) for x in b.blocks]
    assert {a.lines[0].segment, a.lines[-1].segment} == {0, 39}
    for block, following in zip(a.blocks, a.blocks[1:]):
        assert block[-1].segment != following[0].segment  # never inside a paragraph


def test_pronunciations_whole_words_case_aware():
    say = pronouncer({"Montmartre": "mon-MART-ruh", "tis": "tiz"})
    assert say("Montmartre, not Montmartres.") == "mon-MART-ruh, not Montmartres."
    assert say("Tis true, tis.") == "Tiz true, tiz."
