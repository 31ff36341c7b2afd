"""The real engine: settings honoured, clips checked, batches deterministic and cached."""
import array
import wave

import pytest

from audiobook.audio import clips
from audiobook.audio.encode import Format
from audiobook.audio.loudness import CALIBRATION
from audiobook.audio.render import render
from audiobook.model import ChapterPlan, Line, Voice
from audiobook.voices import engine
from audiobook.voices.engine import SAMPLE_RATE
from audiobook.voices.espeak import Engine

TEXT = "The quick brown fox jumps over the lazy dog, twice, before breakfast."


def seconds(path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@pytest.mark.audio
def test_each_render_uses_its_own_settings(tmp_path):
    """pyttsx3 drops settings made while espeak is busy; alternating them must still work."""
    tts = Engine()
    slow, fast = Voice("en-us", rate=100), Voice("en-us+f3", rate=300)
    lengths = {}
    for i, voice in enumerate([slow, fast, slow, fast, slow]):
        path = tmp_path / f"{i}.wav"
        tts.render(TEXT, voice, str(path))
        lengths.setdefault(voice, []).append(seconds(path))
    assert min(lengths[slow]) > 2.2 * max(lengths[fast])
    for values in lengths.values():
        assert max(values) - min(values) < 0.1 * min(values)


@pytest.mark.audio
def test_text_is_spoken_not_interpreted(tmp_path):
    """Leading dashes and markup reach espeak as words, never as options or SSML."""
    odd = tmp_path / "odd.wav"
    Engine().render("-v fr <speak>speak</speak>", Voice("en", rate=170), str(odd))
    assert seconds(odd) > 1.0  # the markup is read out, not swallowed


def lines(texts, voice):
    return [Line(t, voice, 0.3, i) for i, t in enumerate(texts)]


def speak(todo, root, jobs=2):
    """Run the real production of ``todo`` (one block) into the cache at ``root``; return
    the ClipRef of each line and what was reported."""
    reported = []
    render([[ChapterPlan("c", (tuple(todo),))]], Format(), root, jobs=jobs, progress=lambda *a: reported.append(a))
    _, where = clips.batches(todo, engine.version)
    cache = clips.ClipCache(root)
    return [cache.ref(where[(ln.text, ln.voice)]) for ln in todo], reported


def pcm(ref):
    with open(ref.path, "rb") as f:
        f.seek(ref.offset * 2)
        return f.read(ref.samples * 2)


@pytest.mark.audio
def test_batches_are_deterministic_and_cached(tmp_path):
    todo = lines([f"Sentence number {n} is here." for n in range(6)], Voice("en-gb-x-rp"))
    first, reported = speak(todo, tmp_path / "a")
    spoken = 6 + len(CALIBRATION)  # and the voice's calibration
    assert ("speaking", spoken, spoken) in reported and ("encoding", 1, 1) in reported
    again, reported = speak(todo, tmp_path / "a")
    assert again == first and reported == []  # nothing spoken or encoded again
    other, _ = speak(todo, tmp_path / "b", jobs=1)
    assert [pcm(r) for r in first] == [pcm(r) for r in other]


@pytest.mark.audio
def test_changing_one_voice_speaks_only_its_lines(tmp_path):
    ann, bob, eve = Voice("en-us+f3"), Voice("en-us+m3"), Voice("en-us+f2")
    before = lines(["Ann speaks.", "Ann again."], ann) + lines(["Bob speaks."], bob)
    speak(before, tmp_path)
    after = lines(["Ann speaks.", "Ann again."], eve) + lines(["Bob speaks."], bob)
    _, reported = speak(after, tmp_path)
    spoken = 2 + len(CALIBRATION)  # Ann's lines in Eve's voice, and Eve's calibration
    assert [r for r in reported if r[0] == "speaking"][-1] == ("speaking", spoken, spoken)  # Bob's clip reused


@pytest.mark.audio
def test_clips_are_trimmed_and_plausible(tmp_path):
    (ref,), _ = speak(lines(["Hello there, my friend."], Voice("en")), tmp_path, jobs=1)
    assert 0.6 < ref.samples / SAMPLE_RATE < 2.5
    head = array.array("h", pcm(ref)[:200])
    assert max(abs(x) for x in head) > 50  # the engine's leading silence is gone


def test_implausible_clips_are_named():
    voice = Voice("en", rate=180)
    assert clips.implausible("one two three four five six", voice, 0) == "empty clip"
    assert "too short" in clips.implausible("word " * 30, voice, SAMPLE_RATE // 10)
    assert "too long" in clips.implausible("Hi.", voice, SAMPLE_RATE * 60)
    assert clips.implausible("word " * 30, voice, SAMPLE_RATE * 10) == ""


@pytest.mark.audio
def test_a_batch_is_the_same_however_busy_the_machine(tmp_path):
    """Sixteen builds, eight at a time, then one more seconds later, speak the same batch in a
    breathy variant: all give the same samples. (pyttsx3 used to cancel a fresh engine's settings
    under load; espeak-ng 1.52 seeds the breath noise anew in each process, at random; a single
    attempt can still get an empty clip from espeak-ng 1.52 under load, rarely, which production
    finds by its length and speaks again in a fresh process.)"""
    import time
    from concurrent.futures import ThreadPoolExecutor

    todo = lines(["Is it late?", "asked Ann.", "The fire was low and the room was cold.", "Then we shall wait."],
                 Voice("en-us+f3", rate=150, pitch=70))

    def once(n):
        refs, _ = speak(todo, tmp_path / str(n), jobs=1)
        return b"".join(pcm(ref) for ref in refs)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(once, range(16)))
    time.sleep(1.1)  # a random seed taken from the clock would now differ
    results.append(once("later"))
    assert len(set(results)) == 1
