"""The presets: one table, read by `build --preset` (what to make) and by
`check --preset` (what a finished file must meet). ACX, the reference most
audiobook tools follow, is one of them."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    """The closed range a figure must fall in."""

    low: float = -math.inf
    high: float = math.inf

    def __str__(self) -> str:
        if self.low == self.high:
            return f"exactly {self.low:g}"
        if self.low == -math.inf:
            return f"at most {self.high:g}"
        if self.high == math.inf:
            return f"at least {self.low:g}"
        return f"between {self.low:g} and {self.high:g}"


@dataclass(frozen=True)
class Preset:
    description: str  # one line for the user choosing a preset
    build: dict[str, object] = field(default_factory=dict)  # what `build --preset` sets (Format fields, split_chapters)
    limits: dict[str, Limit] = field(default_factory=dict)  # numeric figure -> allowed range, for `check`
    choices: dict[str, frozenset[str]] = field(default_factory=dict)  # text figure -> allowed values, for `check`


#: Chapters must be consistent under every preset: a broken chapter list is never fine.
PRESETS: dict[str, Preset] = {
    "default": Preset(
        "MP3 or M4B at -18 LUFS +/- 1, true peak at most -3 dBTP",
        limits={"integrated_lufs": Limit(-19.0, -17.0), "true_peak_dbtp": Limit(high=-3.0)},
        choices={"format": frozenset({"mp3", "m4b"})},
    ),
    "acx": Preset(
        "Audible's ACX rules: RMS -23 to -18 dB, peaks <= -3 dB, noise floor <= -60 dB, MP3 192 kbps CBR 44.1 kHz, "
        "<= 120 min, room tone 0.5-1 s at the head and 1-5 s at the tail",
        # 44.1 kHz, 192 kbps CBR, one file per chapter, loudness that puts the RMS between -23 and -18 dB
        build={"bitrate": 192, "sample_rate": 44100, "loudness": -19.0, "split_chapters": True},
        limits={
            "rms_db": Limit(-23.0, -18.0),
            "peak_db": Limit(high=-3.0),  # the sample peak, as ACX's own checker reads it
            "noise_floor_db": Limit(high=-60.0),
            "bitrate_kbps": Limit(192.0, 192.0),
            "sample_rate_hz": Limit(44100, 44100),
            "duration_min": Limit(high=120.0),
            "head_room_tone_s": Limit(0.5, 1.0),
            "tail_room_tone_s": Limit(1.0, 5.0),
        },
        choices={"format": frozenset({"mp3"}), "bitrate_mode": frozenset({"CBR"})},
    ),
}
