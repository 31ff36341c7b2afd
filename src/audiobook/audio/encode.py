"""The only module that runs ffmpeg to encode: raw samples in, compressed audio out.

Argument lists only, never a shell string. Parts are streams that can be
joined frame to frame: MP3 without a Xing/LAME header, AAC as ADTS. An M4B
is then the AAC parts copied (not re-encoded) into an MP4 container with
its chapters.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..tools import ffmpeg

HEADROOM_DB = 12.0  # lines arrive this much quieter, so no voice gain can clip 16-bit samples
PEAK_LIMIT = 0.63  # -4 dBFS sample peak: the true peak stays under -3 dBTP after encoding
MP3_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
CONTAINERS = ("mp3", "m4b")


@dataclass(frozen=True)
class Format:
    """What an encoded part is; part of every part's cache key."""

    container: str = "mp3"  # "mp3" or "m4b" (AAC)
    bitrate: int = 64  # kbps, CBR
    sample_rate: int = 22050
    quality: int = 7  # LAME algorithm quality: 0 best/slowest .. 9 fastest
    loudness: float = -18.0  # integrated LUFS every voice is brought to

    @property
    def part_suffix(self) -> str:
        return ".mp3" if self.container == "mp3" else ".aac"

    @property
    def delay(self) -> float:
        """Seconds of silence the encoder puts before the audio of every part:
        LAME's 576 + 529 samples, or AAC's 1024 priming samples."""
        return (1105 if self.container == "mp3" else 1024) / self.sample_rate

    def check(self) -> None:
        if self.container not in CONTAINERS:
            raise AudiobookError(f"format '{self.container}' is not supported; use mp3 or m4b")
        if self.container == "mp3" and self.bitrate not in MP3_BITRATES:
            raise AudiobookError(f"--bitrate {self.bitrate} is not an MP3 bitrate; use one of "
                                 f"{', '.join(map(str, MP3_BITRATES))}")
        if self.container == "mp3" and self.sample_rate <= 24000 and self.bitrate > 160:
            raise AudiobookError(f"--bitrate {self.bitrate} needs 32 kHz or more; use 160 or less")
        if not 16 <= self.bitrate <= 320:
            raise AudiobookError(f"--bitrate {self.bitrate} is out of range; use 16 to 320")


def mastering(gain_db: float) -> str:
    """The filter every line goes through: its voice's gain, then a peak limiter."""
    return f"volume={gain_db:.2f}dB,alimiter=limit={PEAK_LIMIT}:level=0:latency=1"


def _output(fmt: Format, gain_db: float, target: str) -> list[str]:
    if fmt.container == "mp3":
        codec = ["-c:a", "libmp3lame", "-b:a", f"{fmt.bitrate}k", "-compression_level", str(fmt.quality),
                 "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3"]
    else:
        codec = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", f"{fmt.bitrate}k", "-f", "adts"]
    return ["-af", mastering(gain_db), "-ar", str(fmt.sample_rate), "-ac", "1", "-map_metadata", "-1",
            *codec, target]


def _run(args: list[str], what: str) -> None:
    done = subprocess.run([ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True)
    if done.returncode:
        raise AudiobookError(f"ffmpeg failed on {what}: {done.stderr.strip()[-300:] or 'no message'}")


def master(source: str, target: str, gain_db: float, fmt: Format) -> None:
    """``source`` through the whole chain (gain, limiter, encoder) into ``target``, for calibration."""
    _run(["-i", source, *_output(fmt, gain_db, target)], source)


_MP3_KBPS = {1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1 layer III
             2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}  # MPEG-2 and 2.5
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_duration(path: str) -> float:
    """Seconds of audio in an MP3 part (no tag, no Xing header), counted frame by frame."""
    data = Path(path).read_bytes()
    samples = pos = 0
    rate = 1
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] & 0xE0 == 0xE0:
        version = (data[pos + 1] >> 3) & 3
        kbps = _MP3_KBPS[1 if version == 3 else 2][data[pos + 2] >> 4]
        rate = _MP3_RATES[version][(data[pos + 2] >> 2) & 3]
        per_frame = 1152 if version == 3 else 576
        pos += per_frame // 8 * kbps * 1000 // rate + ((data[pos + 2] >> 1) & 1)
        samples += per_frame
    return samples / rate


def adts_duration(path: str, sample_rate: int) -> float:
    """Seconds of audio in an AAC (ADTS) part, counted frame by frame."""
    data = Path(path).read_bytes()
    frames = pos = 0
    while pos + 7 <= len(data) and data[pos] == 0xFF and data[pos + 1] & 0xF0 == 0xF0:
        pos += ((data[pos + 3] & 3) << 11) | (data[pos + 4] << 3) | (data[pos + 5] >> 5)
        frames += 1
    return frames * 1024 / sample_rate


def mux_m4b(target: Path, parts: list[Path], chapters: list[tuple[str, float, float]]) -> None:
    """Copy the AAC ``parts`` into an MP4 audiobook at ``target`` with ``chapters`` (title, start, end).

    The parts go in as one ADTS stream on stdin: ffmpeg's concat demuxer would
    offset each part by an estimated duration and open gaps between them.
    """
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "chapters.txt"
        meta.write_text(";FFMETADATA1\n" + "".join(
            f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={round(s * 1000)}\nEND={round(e * 1000)}\ntitle={_meta(t)}\n"
            for t, s, e in chapters), encoding="utf-8")
        args = [ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "aac", "-i", "pipe:0",
                "-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy",
                "-movflags", "+faststart", "-f", "ipod", str(target)]
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for part in parts:
                with open(part, "rb") as src:
                    while data := src.read(1 << 20):
                        proc.stdin.write(data)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        err = proc.stderr.read().decode(errors="replace").strip()
        if proc.wait():
            raise AudiobookError(f"ffmpeg failed to write {target.name}: {err[-300:] or 'no message'}")


def _meta(text: str) -> str:
    return "".join("\\" + c if c in "=;#\\\n" else c for c in text)


class Encoder:
    """An ffmpeg process turning mono 16-bit PCM (written to ``feed``) into an encoded part."""

    def __init__(self, target: Path, fmt: Format, input_rate: int):
        args = [ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "s16le", "-ar", str(input_rate), "-ac", "1", "-i", "pipe:0",
                *_output(fmt, HEADROOM_DB, str(target))]
        self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed(self, data: bytes) -> None:
        try:
            self._proc.stdin.write(data)
        except BrokenPipeError:
            self.close()

    def close(self) -> None:
        """Finish the file; an AudiobookError if ffmpeg failed (disk full, say)."""
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        err = self._proc.stderr.read().decode(errors="replace").strip()
        if self._proc.wait() != 0:
            raise AudiobookError(f"ffmpeg failed to encode: {err.splitlines()[-1] if err else 'no message'}")

    def kill(self) -> None:
        self._proc.kill()
        self._proc.wait()
