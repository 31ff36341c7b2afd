"""The only module that knows the encoders: raw samples in, compressed audio out.

MP3 parts are encoded in this process by LAME (the lameenc package): a
part is often one paragraph or one line, and thousands of ffmpeg start-ups
would cost more than the encoding. AAC parts (for M4B, a few minutes each)
go through ffmpeg's encoder, and an M4B is then the AAC parts copied (not
re-encoded) into an MP4 container with its chapters. Parts are streams that
join frame to frame: MP3 without a Xing/LAME header, AAC as ADTS. ffmpeg
gets argument lists only, never a shell string.
"""
from __future__ import annotations

import math
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..tools import ffmpeg

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
    def block_chars(self) -> int:
        """The least text per part: MP3 parts are encoded here, cheaply, so a part
        is one speaker's run in one paragraph; each AAC part costs an ffmpeg
        start-up, so they hold a few minutes of speech."""
        return 0 if self.container == "mp3" else 4000

    @property
    def frame(self) -> int:
        """Samples per encoded frame: MPEG-1 layer III 1152, MPEG-2 (under 32 kHz) 576, AAC 1024."""
        if self.container == "m4b":
            return 1024
        return 1152 if self.sample_rate >= 32000 else 576

    @property
    def padding(self) -> int:
        """The encoder's fixed overhead: a part of n samples takes ceil((n + padding) / frame) frames."""
        return 1152 if self.container == "mp3" else 1024

    @property
    def delay(self) -> float:
        """Seconds of silence the encoder puts before the audio of every part:
        LAME's 576 + 529 samples, or AAC's 1024 priming samples."""
        return (1105 if self.container == "mp3" else 1024) / self.sample_rate

    def fill(self, content: int, pause: int, rate: int) -> int:
        """How many samples (at ``rate``) of silence to end a part with, after
        ``content`` samples, for ``pause`` samples of silence to be heard where
        it joins the next part: the encoder rounds up to whole frames and the
        next part starts with its delay, so the silence fed is shortened by
        that; never more than ``pause`` is heard, at most a frame less. A
        pause too short to hide the overhead is fed as it is."""
        ratio = self.sample_rate / rate
        frames = math.floor((content + pause) * ratio / self.frame)
        fill = math.floor((frames * self.frame - self.padding) / ratio) - content
        return fill if fill >= 0 else pause

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


def part_encoder(target: Path, fmt: Format, input_rate: int) -> Mp3Encoder | AacEncoder:
    """An encoder writing one part to ``target`` from mono 16-bit samples at ``input_rate``."""
    return (Mp3Encoder if fmt.container == "mp3" else AacEncoder)(target, fmt, input_rate)


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


class Mp3Encoder:
    """LAME in this process (it releases the GIL, so parts encode in parallel threads)."""

    def __init__(self, target: Path, fmt: Format, input_rate: int):
        import lameenc  # noqa: PLC0415 - only builds need it

        self._lame = lameenc.Encoder()
        self._lame.set_bit_rate(fmt.bitrate)
        self._lame.set_in_sample_rate(input_rate)
        self._lame.set_out_sample_rate(fmt.sample_rate)
        self._lame.set_channels(1)
        self._lame.set_quality(fmt.quality)
        self._out = open(target, "wb")  # noqa: SIM115 - closed by close() or kill()

    def feed(self, data: bytes) -> None:
        self._out.write(self._lame.encode(data))

    def close(self) -> None:
        with self._out:
            self._out.write(self._lame.flush())

    def kill(self) -> None:
        self._out.close()


class AacEncoder:
    """An ffmpeg process turning mono 16-bit PCM (written to ``feed``) into an ADTS part."""

    def __init__(self, target: Path, fmt: Format, input_rate: int):
        args = [ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "s16le", "-ar", str(input_rate), "-ac", "1", "-i", "pipe:0",
                "-ar", str(fmt.sample_rate), "-ac", "1", "-map_metadata", "-1",
                "-c:a", "aac", "-aac_coder", "fast", "-b:a", f"{fmt.bitrate}k", "-f", "adts", str(target)]
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
