"""check.py: chapter consistency and preset verdicts on files built to pass or fail."""
from __future__ import annotations

import pytest
from test_measure import MP3_192, make_audio, tone

from audiobook.check.measure import ProbedChapter
from audiobook.check.report import PRESETS, chapter_problems, check_file, format_report
from audiobook.errors import AudiobookError

ONE_TWO_THREE = (ProbedChapter("One", 0, 10), ProbedChapter("Two", 10, 20), ProbedChapter("Three", 20, 30))


def test_contiguous_chapters_covering_the_audio_have_no_problems():
    assert chapter_problems(ONE_TWO_THREE, 30.0) == []
    assert chapter_problems((), 30.0) == []


def test_millisecond_rounding_and_encoder_padding_are_tolerated():
    chapters = (ProbedChapter("One", 0, 10.001), ProbedChapter("Two", 10.0, 29.999))
    assert chapter_problems(chapters, 30.03) == []


def test_chapters_listed_out_of_time_order():
    one, two, three = ONE_TWO_THREE
    problems = chapter_problems((two, one, three), 30.0)
    assert problems == ["chapters are not listed in time order (in time order they are 2, 1, 3)"]


def test_gaps_and_overlaps_between_consecutive_chapters():
    chapters = (ProbedChapter("One", 0, 10), ProbedChapter("Two", 10.5, 20), ProbedChapter("Three", 19, 30))
    assert chapter_problems(chapters, 30.0) == [
        "gap of 0.500 s between chapters 1 and 2",
        "overlap of 1.000 s between chapters 2 and 3",
    ]


def test_chapters_must_start_at_zero_and_end_with_the_audio():
    chapters = (ProbedChapter("One", 1, 10), ProbedChapter("Two", 10, 25))
    assert chapter_problems(chapters, 30.0) == [
        "gap of 1.000 s before chapter 1",
        "last chapter (2) ends at 25.000 s but the audio lasts 30.000 s",
    ]


def test_untitled_and_backwards_chapters():
    chapters = (ProbedChapter("", 0, 10), ProbedChapter("Two", 10, 5))
    problems = chapter_problems(chapters, 5.0)
    assert "chapter 1 has no title" in problems
    assert "chapter 2 ends at 5.000 s, before it starts at 10.000 s" in problems


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("check")


@pytest.fixture(scope="module")
def default_pass(folder):
    """-15 dBFS peak 1 kHz sine: about -18 LUFS, true peak far under -3 dBTP."""
    return make_audio(folder / "default_pass.mp3", tone(0.178), 4, *MP3_192,
                      chapters=[("Opening", 0, 2), ("Ending", 2, 4)], tags={"title": "Pass"})


@pytest.fixture(scope="module")
def acx_pass(folder):
    """0.75 s head and 1.5 s tail of silence around 3 s of tone loud enough
    that the whole file's RMS lands inside -23..-18 dB."""
    return make_audio(folder / "acx_pass.mp3", tone(0.2, 0.75, 3.75), 5.25, *MP3_192)


@pytest.fixture(scope="module")
def quiet_with_gap(folder):
    """About -29 LUFS, and half a second missing between its two chapters."""
    return make_audio(folder / "quiet.mp3", tone(0.05), 4, *MP3_192,
                      chapters=[("Opening", 0, 1.5), ("Ending", 2, 4)])


@pytest.mark.audio
def test_default_preset_passes_a_file_at_minus_18_lufs(default_pass):
    report = check_file(default_pass)
    assert report.ok, report.failures
    assert report.measurement.loudness.integrated_lufs == pytest.approx(-18.0, abs=0.5)
    assert [c.title for c in report.probe.chapters] == ["Opening", "Ending"]


@pytest.mark.audio
def test_default_preset_fails_a_quiet_file_with_a_chapter_gap(quiet_with_gap):
    report = check_file(quiet_with_gap, "default")
    assert not report.ok
    assert report.failures[0] == "gap of 0.500 s between chapters 1 and 2"
    lufs = report.measurement.loudness.integrated_lufs
    assert lufs == pytest.approx(-29.0, abs=0.5)
    assert report.failures[1] == f"integrated loudness is {lufs:g} LUFS, should be between -19 and -17 LUFS"
    assert len(report.failures) == 2


@pytest.mark.audio
def test_default_preset_fails_chapters_out_of_time_order(folder):
    path = make_audio(folder / "reversed.mp3", tone(0.178), 4, *MP3_192,
                      chapters=[("Ending", 2, 4), ("Opening", 0, 2)])
    assert check_file(path).failures == ("chapters are not listed in time order (in time order they are 2, 1)",)


@pytest.mark.audio
def test_default_preset_rejects_other_formats(folder):
    path = make_audio(folder / "plain.wav", tone(0.178), 4)
    assert check_file(path).failures == ("format is wav, should be m4b or mp3",)


@pytest.mark.audio
def test_acx_preset_passes_a_file_built_to_its_rules(acx_pass):
    report = check_file(acx_pass, "acx")
    assert report.ok, report.failures
    assert -23 <= report.measurement.levels.rms_db <= -18
    assert report.measurement.room_tone.head_s == pytest.approx(0.75, abs=0.05)
    assert report.measurement.room_tone.tail_s == pytest.approx(1.5, abs=0.05)


@pytest.mark.audio
def test_acx_preset_names_every_rule_a_loud_low_quality_file_breaks(folder):
    path = make_audio(folder / "acx_fail.mp3", f"{tone(0.9)}+0.01*(2*random(0)-1)", 3,
                      "-c:a", "libmp3lame", "-b:a", "64k", "-ar", "22050")
    reasons = " / ".join(check_file(path, "acx").failures)
    for broken in ("RMS is", "peak is", "noise floor is", "bitrate is 64 kbps", "sample rate is 22050 Hz",
                   "room tone at the head is 0 s", "room tone at the tail is 0 s"):
        assert broken in reasons
    assert "duration" not in reasons and "format" not in reasons and "bitrate mode" not in reasons


@pytest.mark.audio
def test_acx_preset_wants_constant_bitrate(folder):
    path = make_audio(folder / "vbr.mp3", tone(0.2, 0.75, 3.75), 5.25, "-c:a", "libmp3lame", "-q:a", "0")
    assert "bitrate mode is VBR, should be CBR" in check_file(path, "acx").failures


@pytest.mark.audio
def test_format_report_shows_the_figures_and_the_verdict(default_pass, quiet_with_gap):
    passing = format_report(check_file(default_pass))
    assert passing.splitlines()[0] == f"{default_pass}: PASS (preset default)"
    for expected in ("mp3, mp3, 192 kbps CBR, 44100 Hz, 1 channel", "title=Pass", "chapters     2, consistent",
                     "0:00:00.000  Opening", "0:00:02.000  Ending", "LUFS integrated", "dBTP true peak"):
        assert expected in passing
    failing = format_report(check_file(quiet_with_gap))
    assert "FAIL (preset default)" in failing and "chapters     2, with problems" in failing
    assert "  FAIL: gap of 0.500 s between chapters 1 and 2" in failing


def test_presets_are_data_and_unknown_ones_are_refused(default_pass):
    assert set(PRESETS) == {"default", "acx"}
    with pytest.raises(AudiobookError, match="unknown preset 'loud'"):
        check_file(default_pass, "loud")
