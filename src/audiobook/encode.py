"""The only module that runs ffmpeg to encode: raw samples in, compressed audio out.

Argument lists only, never a shell string. Parts are written without a
Xing/LAME header so that parts of one book can be joined frame to frame.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import AudiobookError

INSTALL_HINT = "install it with: sudo apt-get install ffmpeg (Fedora: sudo dnf install ffmpeg)"
HEADROOM_DB = 12.0  # lines arrive this much quieter, so no voice gain can clip 16-bit samples
PEAK_LIMIT = 0.56  # -5 dBFS sample peak: the true peak stays under -3 dBTP after encoding
MP3_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


@dataclass(frozen=True)
class Format:
    """What an encoded part is; part of every part's cache key."""

    bitrate: int = 64  # kbps, CBR
    sample_rate: int = 22050
    quality: int = 7  # LAME algorithm quality: 0 best/slowest .. 9 fastest
    loudness: float = -18.0  # integrated LUFS every voice is brought to

    @property
    def delay(self) -> float:
        """Seconds of silence LAME puts before the audio of every part (576 + 529 samples)."""
        return 1105 / self.sample_rate

    def check(self) -> None:
        if self.bitrate not in MP3_BITRATES:
            raise AudiobookError(f"--bitrate {self.bitrate} is not an MP3 bitrate; use one of "
                                 f"{', '.join(map(str, MP3_BITRATES))}")
        if self.sample_rate <= 24000 and self.bitrate > 160:
            raise AudiobookError(f"--bitrate {self.bitrate} needs 32 kHz or more; use 160 or less")


def mastering(gain_db: float) -> str:
    """The filter every line goes through: its voice's gain, then a peak limiter."""
    return f"volume={gain_db:.2f}dB,alimiter=limit={PEAK_LIMIT}:level=0:latency=1"


def _output(fmt: Format, gain_db: float, target: str) -> list[str]:
    return ["-af", mastering(gain_db), "-ar", str(fmt.sample_rate), "-c:a", "libmp3lame",
            "-b:a", f"{fmt.bitrate}k", "-compression_level", str(fmt.quality), "-write_xing", "0",
            "-id3v2_version", "0", "-map_metadata", "-1", "-f", "mp3", target]


def master(source: str, target: str, gain_db: float, fmt: Format) -> None:
    """``source`` through the whole chain (gain, limiter, encoder) into ``target``, for calibration."""
    args = [ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", source,
            *_output(fmt, gain_db, target)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise AudiobookError(f"ffmpeg failed on {source}: {done.stderr.strip()[-200:]}")


def ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise AudiobookError(f"ffmpeg is not installed; {INSTALL_HINT}")
    return path


class Encoder:
    """An ffmpeg process turning mono 16-bit PCM (written to ``feed``) into an MP3 file."""

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
