"""End to end on the sample stories, with the real engine, ffmpeg and mutagen."""
import math
import re
from array import array

import pytest

import audiobook
from audiobook.model import Voice
from audiobook.output import metadata
from audiobook.voices.espeak import Engine
from conftest import ROOT, copy_project, decode, ffprobe

pytestmark = pytest.mark.audio  # every test here makes or measures sound

STORIES = sorted((ROOT / "stories").glob("*.txt"))


def test_one_tagged_mp3_per_story_and_a_playlist(sample_build):
    work, results = sample_build
    assert [r.story for r in results] == ["Sophie Returns to Montmartre", "Kaneko's Café"]
    for number, result in enumerate(results, 1):
        info = ffprobe(result.path)
        stream, tags = info["streams"][0], info["format"]["tags"]
        assert (stream["codec_name"], stream["channels"], stream["sample_rate"]) == ("mp3", 1, "22050")
        assert abs(int(info["format"]["bit_rate"]) - 64000) < 1500
        assert tags["title"] == result.story and tags["genre"] == "Audiobook"
        assert tags["artist"] == "Audiobook sample stories" and tags["album"] == "Montmartre Stories"
        assert tags["track"] == f"{number}/2"
    playlist = (work / "output" / "playlist.m3u").read_text(encoding="utf-8")
    assert [ln for ln in playlist.splitlines() if not ln.startswith("#")] == [r.path.name for r in results]


def test_duration_is_plausible_for_the_words(sample_build):
    _, results = sample_build
    for story, result in zip(STORIES, results):
        words = len(re.findall(r"\w+", story.read_text(encoding="utf-8")))
        duration = float(ffprobe(result.path)["format"]["duration"])
        assert abs(duration - result.duration) < 0.05
        assert 0.7 * words / 165 * 60 < duration < 1.6 * words / 165 * 60


def test_chapters_are_ordered_and_tile_the_file(sample_build):
    _, results = sample_build
    for result in results:
        chapters = ffprobe(result.path)["chapters"]
        assert len(chapters) == result.chapters >= 1
        starts = [float(c["start_time"]) for c in chapters]
        assert starts == sorted(starts) and starts[0] == 0.0
        for a, b in zip(chapters, chapters[1:]):
            assert a["end_time"] == b["start_time"]
        assert abs(float(chapters[-1]["end_time"]) - result.duration) < 0.002
        assert [c.title for c in metadata.read_chapters(str(result.path))] == [c["tags"]["title"] for c in chapters]


def envelope(samples: array, frame: int = 441) -> list[float]:
    return [math.sqrt(sum(x * x for x in samples[i:i + frame]) / frame)
            for i in range(0, len(samples) - frame, frame)]


def similarity(a: list[float], b: list[float]) -> float:
    """Best normalised correlation of two loudness envelopes within ±10 frames of lag."""
    best = -1.0
    for lag in range(-10, 11):
        pairs = [(a[i], b[i + lag]) for i in range(len(a)) if 0 <= i + lag < len(b)]
        xs, ys = zip(*pairs)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        cov = sum((x - mx) * (y - my) for x, y in pairs)
        norm = math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys)) or 1.0
        best = max(best, cov / norm)
    return best


def test_etienne_speaks_his_line_in_his_voice(sample_build, tmp_path):
    _, results = sample_build
    cafe = results[1]
    (cue,) = [c for c in cafe.cues if c.text.startswith("Bonjour")]
    assert cue.speaker == "Étienne"
    heard = envelope(decode(cafe.path, cue.start, cue.end))
    engine = Engine()
    own, narrator = tmp_path / "own.wav", tmp_path / "narrator.wav"
    engine.render(cue.text, Voice("fr+m3", rate=150, pitch=38), str(own))
    engine.render(cue.text, Voice("en-gb-x-rp", rate=165, pitch=45), str(narrator))
    as_etienne = similarity(heard, envelope(decode(own)))
    as_narrator = similarity(heard, envelope(decode(narrator)))
    assert as_etienne > 0.9 and as_etienne > as_narrator + 0.1


def test_narration_is_in_the_narrators_voice(sample_build):
    _, results = sample_build
    script = audiobook.script(STORIES[1], audiobook.load_config(ROOT / "voices.toml"))
    narration = [s for s in script.segments if s.kind == "narration" and s.text]
    assert narration and all(script.cast.voice_for(None) == Voice("en-gb-x-rp", 165, 45, 1.0) for _ in narration)
    assert all(c.speaker is None for c in results[0].cues)  # Sophie's story has no dialogue


def test_a_changed_voice_changes_only_the_files_it_is_heard_in(sample_build, tmp_path):
    work, results = sample_build
    project = copy_project(tmp_path)
    voices = project / "voices.toml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("pitch = 38", "pitch = 20"), encoding="utf-8")
    again = audiobook.build([project / "stories"], voices, project / "output", cache_dir=work / "cache")
    assert again[0].path.read_bytes() == results[0].path.read_bytes()
    assert again[1].path.read_bytes() != results[1].path.read_bytes()


def test_rebuilding_gives_identical_bytes(sample_build, tmp_path):
    work, results = sample_build
    again = audiobook.build([ROOT / "stories"], ROOT / "voices.toml", tmp_path / "out", cache_dir=tmp_path / "cache")
    for a, b in zip(results, again):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_a_voice_change_encodes_only_that_voices_parts_and_undoing_it_restores_the_bytes(tmp_path):
    """MP3 parts are one speaker's run in a paragraph: giving Ann another voice speaks her lines and her
    new voice's calibration again, encodes her parts again, and nothing else; putting her voice back
    gives the very bytes of the first build, as a cold build in a new cache does."""
    from audiobook.audio.loudness import CALIBRATION

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "walk.txt").write_text(
        '"Is it far?" asked Ann. The road bent west. "Not far," said Bob. "An hour."\n\n'
        "They walked on. The sun was low.\n\n"
        '"I can see the tower," said Ann, "and the gate." Bob nodded. "So can I."\n', encoding="utf-8")
    voices = tmp_path / "voices.toml"
    setting = '[characters."Ann"]\ngender = "female"\nvoice = "en-us+f3"\npitch = {}\n'
    voices.write_text(setting.format(60), encoding="utf-8")

    def build(cache="cache"):
        seen = {}
        (result,) = audiobook.build([tmp_path / "stories"], voices, tmp_path / "out", cache_dir=tmp_path / cache,
                                    progress=lambda phase, done, total: seen.update({phase: total}))
        return result, result.path.read_bytes(), seen

    first, original, _ = build()
    voices.write_text(setting.format(80), encoding="utf-8")
    _, changed, seen = build()
    speakers = [c.speaker for c in first.cues]
    ann_runs = sum(1 for n, s in enumerate(speakers) if s == "Ann" and (n == 0 or speakers[n - 1] != "Ann"))
    assert seen == {"speaking": speakers.count("Ann") + len(CALIBRATION), "encoding": ann_runs} and changed != original
    voices.write_text(setting.format(60), encoding="utf-8")
    _, undone, seen = build()
    assert undone == original and seen == {}  # every part was still in the cache
    assert build("fresh-cache")[1] == original
