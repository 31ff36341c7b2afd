"""Listening quality on real output: loudness, peaks, even voices, room tone, transcripts."""
import re
import wave
from array import array

import pytest

import audiobook
from audiobook.check import measure
from conftest import decode

pytestmark = pytest.mark.audio  # every test here makes or measures sound

STORY = """The Two Voices

"I speak high and bright," said Ann. She laughed at the idea of it all.

"And I speak low and slow," said Bob. He frowned at the window for a while.

"We shall see who is louder," Ann said, "when the tape is played back to us both."

"Nobody is louder," Bob replied. "That is the whole point of the exercise, I think."

"Then read the next page," said Ann, "and I will read the one after that, as we agreed."

"Very well," said Bob, "I will read it now, slowly, and you can listen carefully."
"""

VOICES = """
[narrator]
voice = "en-gb-x-rp"
[characters."Ann"]
gender = "female"
voice = "en-us+f5"
pitch = 90
[characters."Bob"]
gender = "male"
voice = "en-us+m7"
pitch = 10
rate = 140
"""


@pytest.fixture(scope="module")
def two_voices(tmp_path_factory):
    work = tmp_path_factory.mktemp("voices")
    (work / "stories").mkdir()
    (work / "stories" / "two.txt").write_text(STORY, encoding="utf-8")
    (work / "voices.toml").write_text(VOICES, encoding="utf-8")
    (result,) = audiobook.build([work / "stories"], work / "voices.toml", work / "out", cache_dir=work / "cache")
    return work, result


def speaker_wav(result, speaker, path):
    samples = decode(result.path)
    picked = array("h")
    for cue in result.cues:
        if cue.speaker == speaker:
            picked.extend(samples[int(cue.start * 22050):int(cue.end * 22050)])
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(picked.tobytes())
    return path


def test_file_loudness_and_peaks_meet_the_target(two_voices):
    _, result = two_voices
    level = measure.loudness(result.path)
    assert -19.0 <= level.integrated_lufs <= -17.0
    assert level.true_peak_dbtp <= -3.0


def test_voices_are_within_one_lu_of_each_other(two_voices, tmp_path):
    _, result = two_voices
    levels = {who: measure.loudness(speaker_wav(result, who, tmp_path / f"{who}.wav")).integrated_lufs
              for who in ("Ann", "Bob", None)}
    assert max(levels.values()) - min(levels.values()) <= 1.0, levels


def test_room_tone_at_head_and_tail(two_voices):
    _, result = two_voices
    tone = measure.room_tone(result.path)
    assert 0.70 <= tone.head_s <= 0.85
    assert 1.90 <= tone.tail_s <= 2.05  # 2 s, less at most a frame: the last part ends on a frame too


def parse_cues(text: str, separator: str):
    stamp = r"(\d\d):(\d\d):(\d\d)" + re.escape(separator) + r"(\d\d\d)"
    out = []
    for m in re.finditer(stamp + " --> " + stamp + r"\n(.*)", text):
        g = [int(x) for x in m.groups()[:8]]
        out.append((g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000, g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000,
                    m.group(9)))
    return out


def test_transcripts_follow_the_audio_within_50_ms(two_voices):
    _, result = two_voices
    vtt = result.path.with_suffix(".vtt").read_text(encoding="utf-8")
    srt = result.path.with_suffix(".srt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")
    cues = parse_cues(vtt, ".")
    assert len(cues) == len(parse_cues(srt, ",")) == len(result.cues)
    assert "<v Ann>I speak high and bright," in vtt and "Bob: And I speak low and slow," in srt
    samples = decode(result.path)
    for start, end, _ in cues:
        i = int((start - 0.2) * 22050)
        while abs(samples[i]) < 300:
            i += 1
        j = int((end + 0.2) * 22050)
        while abs(samples[j]) < 300:
            j -= 1
        assert abs(i / 22050 - start) < 0.05 and abs(j / 22050 - end) < 0.05
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))


def test_every_join_keeps_its_pause_and_is_silent(two_voices):
    """The audio between two lines, heard in the decoded file, is the plan's pause (to within a
    frame, plus what the clip trimming keeps and the encoder smears) and silent throughout: the
    parts (one per speaker's run here) join there, so a click or a gap at a join shows."""
    from audiobook.audio.plan import plan
    from audiobook.model import Pauses

    work, result = two_voices
    script = audiobook.script(work / "stories" / "two.txt", work / "voices.toml")
    lines = [line for chapter in plan(script.story, script.segments, script.cast, Pauses()) for b in chapter.blocks
             for line in b]
    assert len(lines) == len(result.cues) and len({c.speaker for c in result.cues}) == 3
    samples = decode(result.path)
    loud = 10 ** (-50 / 20) * 32768  # where the trimming cut the engine's silence
    for line, cue, after in zip(lines, result.cues, result.cues[1:]):
        stretch = samples[int((cue.end - 0.05) * 22050):int((after.start + 0.05) * 22050)]
        sounding = [n for n, x in enumerate(stretch) if abs(x) > loud]
        gaps = [(b - a) / 22050 for a, b in zip(sounding, sounding[1:])]
        heard = max(gaps)  # the longest silence around the join: the pause
        assert line.pause - 0.03 <= heard <= line.pause + 0.03, (line.text, line.pause, heard)
        inside = stretch[int(0.06 * 22050):-int(0.06 * 22050)]
        assert max(map(abs, inside), default=0) <= loud, (line.text, "a click in the pause")


def test_pronunciations_reach_the_engine(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "paris.txt").write_text("She painted Montmartre. Not Montmartres.", encoding="utf-8")
    (tmp_path / "voices.toml").write_text('[pronunciations]\nMontmartre = "mon mart"\n', encoding="utf-8")
    script = audiobook.script(tmp_path / "stories" / "paris.txt", audiobook.load_config(tmp_path / "voices.toml"))
    assert [s.text for s in script.segments] == ["She painted mon mart. Not Montmartres."]
    (result,) = audiobook.build([tmp_path / "stories"], tmp_path / "voices.toml", tmp_path / "out",
                                cache_dir=tmp_path / "cache")
    assert [c.text for c in result.cues] == ["She painted mon mart.", "Not Montmartres."]
    plain = audiobook.build([tmp_path / "stories"], None, tmp_path / "plain", cache_dir=tmp_path / "cache")[0]
    assert plain.cues[0].end - plain.cues[0].start != pytest.approx(result.cues[0].end - result.cues[0].start,
                                                                     abs=0.02)
