"""The only module that knows pyttsx3 (and, through it, espeak-ng): the default engine.

pyttsx3 2.99's espeak driver synthesizes on espeak's own thread and returns
from runAndWait() before the file is written; it drops property changes made
while espeak is busy and writes only the last of several queued files (see
shared NOTES.md). So each clip is one save_to_file + runAndWait, then we wait
for the driver's finished-utterance event and for espeak to be idle before
the next clip's properties are set. Create one Engine per process: an
engine made before a fork hangs the children.
"""
from __future__ import annotations

import contextlib
import ctypes
import difflib
import functools
import io
import shutil
import threading
import time
import wave
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import AudiobookError
from ..model import Voice, VoiceInfo

SAMPLE_RATE = 22050  # what the espeak driver writes, hard-coded in pyttsx3 (the rate of every clip)
INSTALL_HINT = "install it with: sudo apt-get install espeak-ng (Fedora: sudo dnf install espeak-ng)"


def _load_pyttsx3():
    if shutil.which("espeak-ng") is None and not _libespeak_present():
        raise AudiobookError(f"espeak-ng is not installed; {INSTALL_HINT}")
    import pyttsx3  # noqa: PLC0415 - imported late so a missing espeak gives our message
    return pyttsx3


def _libespeak_present() -> bool:
    import ctypes.util  # noqa: PLC0415
    return ctypes.util.find_library("espeak-ng") is not None


class Engine:
    """One pyttsx3 engine; ``render`` writes one WAV clip and returns when it is complete."""

    def __init__(self):
        pyttsx3 = _load_pyttsx3()
        from pyttsx3.drivers import _espeak  # noqa: PLC0415
        self._espeak = _espeak
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                self._tts = pyttsx3.init("espeak")
        except Exception as exc:  # the driver raises bare RuntimeErrors
            raise AudiobookError(f"could not start espeak-ng ({exc}); {INSTALL_HINT}") from exc
        self._done = threading.Event()
        self._tts.connect("finished-utterance", lambda **_: self._done.set())
        self._keep_last_samples(self._tts.proxy._driver)
        # A new engine queues its first settings until it is told it is idle;
        # an empty runAndWait() did that, but hung whenever espeak had already
        # applied them (it then waits for an utterance that never comes).
        self._tts.proxy.setBusy(False)

    def _keep_last_samples(self, driver) -> None:
        """The driver writes the WAV file on espeak's end-of-message event and only
        then adds the samples that came with it. espeak-ng 1.52 often sends the
        last samples and that event in one callback: the end of the clip (all of
        a short one) was lost. So the samples are taken first, here."""
        def on_synth(wav, samples, events):
            if samples > 0 and driver._speaking:
                driver._data_buffer += ctypes.string_at(wav, samples * ctypes.sizeof(ctypes.c_short))
            return driver._onSynth(wav, 0, events)

        self._espeak.SetSynthCallback(on_synth)

    def _same_noise_every_time(self) -> None:
        """espeak-ng 1.52 seeds the noise of breathy variants (+f3, +croak...)
        at random in each process, so the same words came out different in
        every build. Seeding it before each clip makes a clip depend only on
        what it says (1.51 has no seed to set: its noise always starts alike)."""
        seed = getattr(self._espeak.dll, "espeak_ng_SetRandSeed", None)
        if seed is not None:
            seed.argtypes, seed.restype = (ctypes.c_long,), None
            seed(1)

    def render(self, text: str, voice: Voice, path: str, timeout: float = 60.0) -> None:
        """Speak ``text`` in ``voice`` into the WAV file ``path`` (mono, 16-bit, 22050 Hz)."""
        self._wait_idle(timeout)
        self._same_noise_every_time()
        self._done.clear()
        self._tts.setProperty("voice", voice.id)
        self._tts.setProperty("rate", voice.rate)
        self._tts.setProperty("pitch", voice.pitch)
        self._tts.setProperty("volume", voice.volume)
        # The settings are queued inside espeak, and runAndWait() cancels what is
        # still queued (under load, often): wait until espeak has applied them.
        self._wait_applied(voice, timeout)
        with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
            self._tts.save_to_file(text, path)
            self._tts.runAndWait()
            if not self._done.wait(timeout):
                raise TimeoutError(f"espeak-ng did not finish within {timeout:.0f} s")
            self._wait_idle(timeout)

    def _wait_applied(self, voice: Voice, timeout: float) -> None:
        """pyttsx3's getProperty reads espeak's parameters wrongly (it omits the
        'current' argument), so ask espeak directly for the values in effect."""
        wanted = {self._espeak.RATE: voice.rate, self._espeak.PITCH: voice.pitch,
                  self._espeak.VOLUME: int(round(voice.volume * 100, 2))}
        deadline = time.monotonic() + timeout
        while any(self._current(p) != v for p, v in wanted.items()) or self._espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise TimeoutError("espeak-ng did not take the voice settings")
            time.sleep(0.001)

    def _current(self, parameter: int) -> int:
        get = self._espeak.dll.espeak_GetParameter
        get.argtypes, get.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
        return get(parameter, 1)

    def _wait_idle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise TimeoutError("espeak-ng stayed busy")
            time.sleep(0.001)

    def voices(self) -> list[VoiceInfo]:
        """The voices espeak-ng can speak with (MBROLA voices need data it lacks, so they are left out)."""
        out = []
        for v in self._tts.getProperty("voices"):
            if v.id.startswith("mb/"):
                continue
            language = (v.languages or [""])[0]
            out.append(VoiceInfo(v.id.split("/")[-1], v.id, v.name, language, (v.gender or "").lower() or None))
        return sorted(out, key=lambda v: v.id)

    def variants(self) -> list[str]:
        spec = self._espeak.VOICE()
        spec.languages = b"variant"
        return sorted(v.identifier.decode().split("/")[-1] for v in self._espeak.ListVoices(spec))


@functools.lru_cache(maxsize=1)
def catalogue() -> tuple[frozenset[str], frozenset[str]]:
    """(voice ids, variant names) the engine accepts; cached per process."""
    engine = Engine()
    ids = {name for v in engine.voices() for name in (v.id, v.path, v.language) if name}
    return frozenset(ids), frozenset(engine.variants())


def check_voice(voice_id: str) -> list[str] | None:
    """None when ``voice_id`` (with an optional +variant) is usable, else the nearest usable ids."""
    ids, variants = catalogue()
    base, _, variant = voice_id.partition("+")
    if base in ids and (not variant or variant in variants):
        return None
    if base not in ids:
        return difflib.get_close_matches(base, sorted(ids), n=3, cutoff=0.5)
    near = difflib.get_close_matches(variant, sorted(variants), n=3, cutoff=0.5)
    return [f"{base}+{v}" for v in near]


@functools.lru_cache(maxsize=1)
def version() -> str:
    """What identifies the sound the engine makes, for the clip cache key."""
    from importlib.metadata import version as pkg_version  # noqa: PLC0415
    _load_pyttsx3()
    from pyttsx3.drivers import _espeak  # noqa: PLC0415
    return f"pyttsx3 {pkg_version('pyttsx3')}; espeak-ng {_espeak.Info(None).decode()}"


def speak(voice: Voice, texts: Iterable[str], scratch: Path) -> Iterator[bytes]:
    """Each of ``texts`` spoken in ``voice``: mono 16-bit samples at SAMPLE_RATE, in order."""
    tts = Engine()
    wav = scratch / "clip.wav"
    for text in texts:
        tts.render(text, voice, str(wav))
        with wave.open(str(wav)) as clip:
            if clip.getframerate() != SAMPLE_RATE or clip.getsampwidth() != 2 or clip.getnchannels() != 1:
                raise AudiobookError(f"unexpected clip format from espeak-ng: {clip.getparams()}")
            yield clip.readframes(clip.getnframes())
    wav.unlink(missing_ok=True)
