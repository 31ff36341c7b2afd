"""Mastering in numpy: a voice's gain, a peak limiter, and the loudness meter
that finds the gain.

Parts are encoded in this process (thousands of small ones: an ffmpeg per
part would cost more than the encoding), so their gain and limiter run here
too, one spoken clip at a time; calibration measures a voice through this
same code, so the gain it finds is the gain the book gets. The meter is
ITU-R BS.1770 (what EBU R128 and ffmpeg's ebur128 implement), agreeing with
ffmpeg to about 0.2 LU on speech; `audiobook check` still measures finished
files with ffmpeg, independently of this.
"""
from __future__ import annotations

import functools

import numpy as np

PEAK_LIMIT = 0.596  # -4.5 dBFS, between samples too: room for what 64 kbps MP3 adds (up to 1.1 dB measured)
BLOCK = 64  # samples per limiter step (3 ms at 22050 Hz)
RELEASE_DB = 0.3  # the limiter's gain recovers at most this much per block (about 100 dB/s)
FORMAT = 2  # bump when what comes out of master() changes (its constants are in IDENTITY already)

IDENTITY = (FORMAT, PEAK_LIMIT, BLOCK, RELEASE_DB)  # in every part's cache key

CHUNK = 1 << 16  # samples worked on at once (a multiple of BLOCK)
STEPS_AT_ONCE = 64  # 100 ms steps the loudness meter transforms together
_RAMP = np.tile(np.arange(BLOCK, dtype=np.float32) / BLOCK, CHUNK // BLOCK)  # 0 to 1 across each block


def master(samples: bytes, gain_db: float) -> bytes:
    """Mono 16-bit samples ``gain_db`` louder, their peaks held under PEAK_LIMIT.

    Worked through in chunks, so a minute-long clip costs a few MB, not tens."""
    x = np.frombuffer(samples, np.int16)
    scale = np.float32(10 ** (gain_db / 20) / 32768)
    edges = _gain_edges(_block_peaks(x) * scale, PEAK_LIMIT)
    out = np.empty(len(x), np.int16)
    for start in range(0, len(x), CHUNK):
        y = x[start:start + CHUNK].astype(np.float32) * scale
        if edges is not None:
            first, count = start // BLOCK, -(-len(y) // BLOCK)
            low = np.repeat(edges[first:first + count], BLOCK)[:len(y)]
            rise = np.repeat(edges[first + 1:first + count + 1] - edges[first:first + count], BLOCK)[:len(y)]
            y *= low + rise * _RAMP[:len(y)]
        y *= 32768
        out[start:start + len(y)] = np.rint(np.clip(y, -32768, 32767, out=y), out=y)
    return out.tobytes()


def _block_peaks(x: np.ndarray) -> np.ndarray:
    """The largest magnitude in each BLOCK of 16-bit samples (the last block may be short),
    counting the points half way between samples as well (by 4-point interpolation): a
    waveform's peak between two samples can stand a dB or more above both, and an encoded,
    decoded file then overshoots the limit (a true peak over -3 dBTP) where the samples kept to it."""
    n = len(x)
    peaks = np.empty(-(-n // BLOCK), np.float32)
    for start in range(0, len(peaks) * BLOCK, CHUNK):
        stop = min(start + CHUNK, len(peaks) * BLOCK)
        y = np.zeros(stop - start + 3, np.float32)  # one sample before the chunk, two after
        got = x[max(0, start - 1):min(n, stop + 2)].astype(np.float32)
        y[1 - min(1, start):1 - min(1, start) + len(got)] = got
        middle = (9 * (y[1:-2] + y[2:-1]) - (y[:-3] + y[3:])) / 16  # half way after each sample
        own = np.abs(y[1:-2])
        peaks[start // BLOCK:stop // BLOCK] = np.maximum(own, np.abs(middle)).reshape(-1, BLOCK).max(axis=1)
    return peaks


def _gain_edges(peaks: np.ndarray, ceiling: float) -> np.ndarray | None:
    """The limiter's gain at each block edge (None when no block goes over ``ceiling``).

    Per block, the gain that would bring its peak to the ceiling; each block
    takes the least of its own and its neighbours' (a look-ahead, so the gain
    is down before a peak arrives); the gain then rises again at RELEASE_DB
    per block. It moves in straight lines from edge to edge, each edge the
    mean of the blocks beside it, which neither block's own limit is under.
    """
    if not len(peaks) or peaks.max() <= ceiling:
        return None
    own = np.minimum(1.0, ceiling / np.maximum(peaks.astype(np.float64), 1e-12))
    wanted = own.copy()
    wanted[:-1] = np.minimum(wanted[:-1], own[1:])
    wanted[1:] = np.minimum(wanted[1:], own[:-1])
    # gain[i] = min(wanted[i], gain[i-1] * rise): in logs, a running minimum of a tilted line.
    rise = RELEASE_DB / 20 * np.log(10)
    steps = np.arange(len(wanted)) * rise
    gain = np.exp(np.minimum.accumulate(np.log(wanted) - steps) + steps)
    return np.concatenate((gain[:1], (gain[:-1] + gain[1:]) / 2, gain[-1:])).astype(np.float32)


def loudness(x: np.ndarray, rate: int) -> float:
    """Integrated loudness of mono float samples (full scale 1.0), in LUFS (BS.1770-4, gated).

    The K-weighted energy of each 100 ms step is read off its spectrum
    (Parseval), a few steps at a time, so memory stays small; the 400 ms
    gating blocks are four steps each. Filtering each step on its own
    misses only what rings over from the step before: under 0.05 LU here.
    """
    step = int(0.1 * rate)
    steps = len(x) // step
    if steps < 4:
        return -70.0
    weights = _k_weighting(step, rate) ** 2
    weights[1:] *= 2  # the rfft keeps one of each pair of conjugate bins (a step of odd length has no Nyquist bin)
    if step % 2 == 0:
        weights[-1] /= 2
    energy = np.empty(steps)
    for first in range(0, steps, STEPS_AT_ONCE):
        chunk = x[first * step:min(steps, first + STEPS_AT_ONCE) * step].reshape(-1, step)
        energy[first:first + len(chunk)] = (np.abs(np.fft.rfft(chunk, axis=1)) ** 2 * weights).sum(axis=1)
    windows = np.convolve(energy, np.ones(4), "valid") / (4 * step * step)
    power = windows[_lufs(windows) > -70.0]  # absolute gate
    if not len(power):
        return -70.0
    power = power[_lufs(power) > _lufs(power.mean()) - 10.0]  # relative gate
    return float(_lufs(power.mean()))


def _lufs(power):
    return -0.691 + 10 * np.log10(np.maximum(power, 1e-20))


@functools.lru_cache(maxsize=4)  # a voice's calibration is measured several times at one size
def _k_weighting(size: int, rate: int) -> np.ndarray:
    """The magnitude of BS.1770's K filter (a +4 dB shelf above about 1.7 kHz,
    then a 38 Hz high-pass) at the bins of an rfft of ``size`` samples at
    ``rate``: the standard's own 48 kHz filters, read at the same frequencies
    in hertz (what a meter that resamples to 48 kHz, as ffmpeg's does, measures)."""
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(size, 1 / rate) / 48000)
    shelf = (1.53512485958697 - 2.69169618940638 * z + 1.19839281085285 * z**2) / \
        (1 - 1.69065929318241 * z + 0.73248077421585 * z**2)
    high_pass = (1 - 2 * z + z**2) / (1 - 1.99004745483398 * z + 0.99007225036621 * z**2)
    return np.abs(shelf * high_pass)
