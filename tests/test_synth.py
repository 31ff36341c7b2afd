"""The real engine: settings honoured, clips checked, batches deterministic and cached."""
import wave

from audiobook import synth
from audiobook.engine import SAMPLE_RATE, Engine
from audiobook.model import Line, Voice

TEXT = "The quick brown fox jumps over the lazy dog, twice, before breakfast."


def seconds(path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_each_render_uses_its_own_settings(tmp_path):
    """pyttsx3 drops settings made while espeak is busy; alternating them must still work."""
    engine = Engine()
    slow, fast = Voice("en-us", rate=100), Voice("en-us+f3", rate=300)
    lengths = {}
    for i, voice in enumerate([slow, fast, slow, fast, slow]):
        path = tmp_path / f"{i}.wav"
        engine.render(TEXT, voice, str(path))
        lengths.setdefault(voice, []).append(seconds(path))
    assert min(lengths[slow]) > 2.2 * max(lengths[fast])
    for values in lengths.values():
        assert max(values) - min(values) < 0.1 * min(values)


def test_text_is_spoken_not_interpreted(tmp_path):
    """Leading dashes and markup reach espeak as words, never as options or SSML."""
    engine = Engine()
    plain, odd = tmp_path / "plain.wav", tmp_path / "odd.wav"
    engine.render("speak less than greater than", Voice("en"), str(plain))
    engine.render("-v fr <speak>speak</speak>", Voice("en"), str(odd))
    assert seconds(odd) > 1.0


def lines(texts, voice):
    return [Line(t, voice, 0.3, i) for i, t in enumerate(texts)]


def test_batches_are_deterministic_and_cached(tmp_path):
    voice = Voice("en-gb-x-rp")
    todo = lines([f"Sentence number {n} is here." for n in range(6)], voice)
    seen = []
    refs = synth.synthesize(todo, synth.ClipCache(tmp_path / "a"), jobs=2, progress=seen.append)
    assert sum(seen) == 6
    again = []
    assert synth.synthesize(todo, synth.ClipCache(tmp_path / "a"), jobs=2, progress=again.append) == refs
    assert again == [6]  # all from the cache, none rendered
    other = synth.synthesize(todo, synth.ClipCache(tmp_path / "b"), jobs=1)
    for key, ref in refs.items():
        with open(ref.path, "rb") as a, open(other[key].path, "rb") as b:
            a.seek(ref.offset * 2)
            b.seek(other[key].offset * 2)
            assert a.read(ref.samples * 2) == b.read(other[key].samples * 2), key


def test_changing_one_voice_renders_only_its_batches(tmp_path):
    ann, bob, eve = Voice("en-us+f3"), Voice("en-us+m3"), Voice("en-us+f2")
    before = lines(["Ann speaks.", "Ann again."], ann) + lines(["Bob speaks."], bob)
    cache = synth.ClipCache(tmp_path)
    synth.synthesize(before, cache, jobs=2)
    made = set(p.name for p in cache.dir.iterdir())
    after = lines(["Ann speaks.", "Ann again."], eve) + lines(["Bob speaks."], bob)
    rendered = []
    synth.synthesize(after, cache, jobs=2, progress=rendered.append)
    new = set(p.name for p in cache.dir.iterdir()) - made
    assert len(new) == 1 and rendered == [1, 2]  # Bob's clip reused, Ann's two rendered anew


def test_clips_are_trimmed_and_plausible(tmp_path):
    refs = synth.synthesize(lines(["Hello there, my friend."], Voice("en")), synth.ClipCache(tmp_path), 1)
    (ref,) = refs.values()
    assert 0.6 < ref.samples / SAMPLE_RATE < 2.5
    with open(ref.path, "rb") as f:
        f.seek(ref.offset * 2)
        head = f.read(200)
    assert any(head[i:i + 2] not in (b"\x00\x00",) for i in range(0, 200, 2))  # no leading silence


def test_implausible_clips_are_named():
    voice = Voice("en", rate=180)
    assert synth.implausible("one two three four five six", voice, 0) == "empty clip"
    assert "too short" in synth.implausible("word " * 30, voice, SAMPLE_RATE // 10)
    assert "too long" in synth.implausible("Hi.", voice, SAMPLE_RATE * 60)
    assert synth.implausible("word " * 30, voice, SAMPLE_RATE * 10) == ""
