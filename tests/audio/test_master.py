"""Mastering and framing, on made-up signals: the limiter, the meter, the gain search, and
how much silence a part ends with so that its join keeps the planned pause."""
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.audio import loudness, master
from audiobook.audio.encode import Format

RATE = 22050


def tone(freq: float, amplitude: float, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * freq * t)


def pcm(x: np.ndarray) -> bytes:
    return np.clip(np.rint(x * 32768), -32768, 32767).astype(np.int16).tobytes()


def samples(data: bytes) -> np.ndarray:
    return np.frombuffer(data, np.int16) / 32768


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Bursts of filtered noise with gaps between: loud peaks, quiet stretches."""
    rng = np.random.default_rng(seed)
    x = np.convolve(rng.normal(0, 0.2, int(seconds * RATE)), np.ones(8) / 8, "same")
    envelope = (np.sin(np.arange(len(x)) / RATE * 2 * np.pi * 1.5) > -0.3).astype(float)
    return x * envelope


def test_a_full_scale_1khz_tone_reads_minus_3_lufs():
    """BS.1770's calibration point: a 0 dBFS sine at 1 kHz is -3.01 LUFS; 6 dB down reads 6 dB less."""
    assert abs(master.loudness(tone(1000, 1.0, 5), RATE) - -3.01) < 0.1
    assert abs(master.loudness(tone(1000, 0.5, 5), RATE) - -9.03) < 0.1


def test_the_meter_weights_high_frequencies_up_and_ignores_silence():
    low, high = master.loudness(tone(100, 0.5, 5), RATE), master.loudness(tone(4000, 0.5, 5), RATE)
    assert high - low > 3.0  # the K filter's shelf
    padded = np.concatenate([tone(1000, 0.5, 5), np.zeros(10 * RATE)])
    # gated out (but for the blocks the tone ends in): without the gates the reading would drop 4.8 dB
    assert abs(master.loudness(padded, RATE) - master.loudness(tone(1000, 0.5, 5), RATE)) < 0.2
    assert master.loudness(np.zeros(RATE), RATE) == -70.0


@settings(max_examples=40, deadline=None)
@given(st.floats(-6, 30), st.integers(1, 200_000), st.integers(0, 1000))
def test_the_limiter_holds_every_peak_and_keeps_the_length(gain_db, length, seed):
    x = speechlike(length / RATE + 0.01, seed)[:length]
    out = samples(master.master(pcm(x), gain_db))
    assert len(out) == len(x)
    assert np.abs(out).max() <= master.PEAK_LIMIT + 1 / 32768


def test_quiet_audio_passes_through_the_limiter_untouched_but_for_the_gain():
    x = tone(440, 0.1, 1)
    out = samples(master.master(pcm(x), 6.0))
    assert np.allclose(out, samples(pcm(x)) * 10 ** (6 / 20), atol=2 / 32768)


def test_the_limiter_only_lowers_and_recovers_after_a_peak():
    quiet, spike = tone(440, 0.05, 1), tone(440, 0.9, 0.05)
    x = np.concatenate([quiet, spike, quiet])
    out = samples(master.master(pcm(x), 0.0))
    ratio = np.abs(out[len(quiet) + len(spike) + RATE // 2:]).max() / np.abs(quiet).max()
    assert abs(ratio - 1) < 0.01  # half a second after the peak the gain is back to 1
    assert np.abs(out[len(quiet):len(quiet) + len(spike)]).max() <= master.PEAK_LIMIT + 1 / 32768


def test_the_gain_found_brings_the_mastered_audio_to_the_target():
    for level in (0.3, 1.0, 3.0):  # about -36, -25 and -16 LUFS before: quiet, moderate, limited hard
        clips = [pcm(speechlike(3, seed) * level) for seed in range(4)]
        db = loudness.gain(clips, -18.0, RATE)
        joined = bytes(2 * round(loudness.PAUSE * RATE)).join(clips)
        assert abs(master.loudness(samples(master.master(joined, db)), RATE) - -18.0) < 0.1, level


def test_the_gain_of_near_silence_stays_bounded():
    db = loudness.gain([pcm(speechlike(2) * 1e-4)], -18.0, RATE)
    assert math.isfinite(db) and db <= loudness.MAX_GAIN


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([Format(), Format(sample_rate=44100, bitrate=192), Format(container="m4b")]),
       st.integers(0, 2_000_000), st.floats(0.1, 5.0))
def test_a_part_ends_so_that_its_join_keeps_the_pause_to_within_a_frame(fmt, content, pause_s):
    """The encoder pads a part of n samples to ceil((n + padding) / frame) frames and the next part
    starts after its delay: what is heard between the two is at most the pause, and at most a frame less."""
    pause = round(pause_s * RATE)
    fill = fmt.fill(content, pause, RATE)
    ratio = fmt.sample_rate / RATE
    frames = math.ceil(((content + fill) * ratio + fmt.padding) / fmt.frame)
    delay = round(fmt.delay * fmt.sample_rate)
    heard = frames * fmt.frame - delay - content * ratio + delay  # the tail, then the next part's delay
    assert 0 <= fill <= pause
    assert pause * ratio - fmt.frame < heard <= pause * ratio + 1e-6
