"""measure.py against real audio that ffmpeg renders at known levels."""
from __future__ import annotations

import subprocess

import pytest

from audiobook.check.measure import ProbedChapter, levels, loudness, measure, probe, room_tone
from audiobook.errors import AudiobookError


def make_audio(path, expression, seconds, *output_args, chapters=(), tags=None):
    """Render an aevalsrc expression (samples as fractions of full scale, 44.1 kHz
    mono) to path, with ID3/MP4 chapters (title, start s, end s) and tags if given."""
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"aevalsrc={expression}:s=44100:d={seconds}"]
    if chapters or tags:
        metadata = path.with_suffix(".ffmeta")
        lines = [";FFMETADATA1", *(f"{k}={v}" for k, v in (tags or {}).items())]
        for title, start, end in chapters:
            lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}",
                      f"END={round(end * 1000)}", f"title={title}"]
        metadata.write_text("\n".join(lines) + "\n")
        command += ["-i", str(metadata), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
    subprocess.run([*command, *output_args, str(path)], check=True)
    return path


def tone(amplitude, start=0.0, end=None):
    """A 1 kHz sine of the given peak amplitude, sounding from start to end (s)."""
    gate = "" if end is None else rf"*between(t\,{start}\,{end})"
    return f"{amplitude}*sin(2*PI*1000*t){gate}"


MP3_192 = ("-c:a", "libmp3lame", "-b:a", "192k")


@pytest.fixture(scope="module")
def sine_wav(tmp_path_factory):
    """-20 dBFS peak sine: RMS is 3 dB below the peak. 5 s, because ebur128
    reports a loudness range of 20 LU for a steady 3 s tone (one full 3 s window)."""
    return make_audio(tmp_path_factory.mktemp("m") / "sine.wav", tone(0.1), 5)


@pytest.fixture(scope="module")
def spoken_mp3(tmp_path_factory):
    """0.75 s silence, 2 s of tone, 2 s silence, with tags and two chapters."""
    return make_audio(tmp_path_factory.mktemp("m") / "book.mp3", tone(0.1, 0.75, 2.75), 4.75, *MP3_192,
                      chapters=[("Opening", 0, 2.5), ("Ending", 2.5, 4.75)],
                      tags={"title": "Test Book", "artist": "A. Writer"})


@pytest.mark.audio
def test_levels_of_a_sine_at_minus_20_dbfs(sine_wav):
    found = levels(sine_wav)
    assert found.peak_db == pytest.approx(-20.0, abs=0.1)
    assert found.rms_db == pytest.approx(-23.0, abs=0.1)


@pytest.mark.audio
def test_loudness_of_a_sine_at_minus_20_dbfs(sine_wav):
    found = loudness(sine_wav)
    assert found.integrated_lufs == pytest.approx(-23.0, abs=0.5)
    assert found.true_peak_dbtp == pytest.approx(-20.0, abs=0.3)
    assert found.range_lu < 1.0


@pytest.mark.audio
def test_loudness_range_spans_a_quiet_and_a_loud_passage(tmp_path):
    path = make_audio(tmp_path / "two_levels.wav", f"{tone(0.1, 0, 5)}+{tone(0.0316, 5, 10)}", 10)
    assert loudness(path).range_lu == pytest.approx(10.0, abs=1.0)


@pytest.mark.audio
@pytest.mark.parametrize("noise, quieter_than_acx", [(0.0003, True), (0.01, False)])
def test_noise_floor_follows_the_noise_under_the_tone(tmp_path, noise, quieter_than_acx):
    path = make_audio(tmp_path / "noisy.wav", f"{tone(0.2, 0, 2)}+{noise}*(2*random(0)-1)", 3)
    assert (levels(path).noise_floor_db <= -60) is quieter_than_acx


@pytest.mark.audio
def test_room_tone_at_head_and_tail(spoken_mp3):
    found = room_tone(spoken_mp3)
    assert found.head_s == pytest.approx(0.75, abs=0.05)
    assert found.tail_s == pytest.approx(2.0, abs=0.05)


@pytest.mark.audio
def test_room_tone_may_be_quiet_noise_rather_than_digital_silence(tmp_path):
    path = make_audio(tmp_path / "hiss.wav", f"{tone(0.1, 0.6, 2.6)}+0.0003*(2*random(0)-1)", 4)
    found = room_tone(path)
    assert found.head_s == pytest.approx(0.6, abs=0.05)
    assert found.tail_s == pytest.approx(1.4, abs=0.05)


@pytest.mark.audio
def test_audio_that_starts_and_ends_loud_has_no_room_tone(sine_wav):
    assert room_tone(sine_wav).head_s == room_tone(sine_wav).tail_s == 0.0


@pytest.mark.audio
def test_measure_takes_the_same_figures_in_one_pass(spoken_mp3):
    together = measure(spoken_mp3)
    assert together.duration_s == pytest.approx(4.75, abs=0.001)  # ffprobe says 4.78: encoder padding
    assert together.loudness == loudness(spoken_mp3)
    assert together.levels == levels(spoken_mp3)
    assert together.room_tone == room_tone(spoken_mp3)


@pytest.mark.audio
def test_probe_reads_container_tags_and_chapters(spoken_mp3):
    found = probe(spoken_mp3)
    assert (found.format, found.codec, found.bitrate_kbps, found.bitrate_mode) == ("mp3", "mp3", 192.0, "CBR")
    assert (found.sample_rate_hz, found.channels) == (44100, 1)
    assert found.duration_s == pytest.approx(4.75, abs=0.05)
    assert found.tags["title"] == "Test Book" and found.tags["artist"] == "A. Writer"
    assert found.chapters == (ProbedChapter("Opening", 0.0, 2.5), ProbedChapter("Ending", 2.5, 4.75))


@pytest.mark.parametrize("encoding, mode", [
    (("-q:a", "4"), "VBR"),
    (("-b:a", "192k", "-write_xing", "0"), "CBR"),  # no header to say so, as when encoding a stream
])
@pytest.mark.audio
def test_probe_tells_constant_from_variable_bitrate(tmp_path, encoding, mode):
    path = make_audio(tmp_path / "book.mp3", tone(0.1, 0.5, 1.5), 2, "-c:a", "libmp3lame", *encoding)
    assert probe(path).bitrate_mode == mode


@pytest.mark.audio
def test_probe_names_m4b_and_reads_its_chapters(tmp_path):
    path = make_audio(tmp_path / "book.m4b", tone(0.1), 3, "-c:a", "aac", "-aac_coder", "fast",
                      chapters=[("One", 0, 1), ("Two", 1, 3)])
    found = probe(path)
    assert (found.format, found.codec, found.bitrate_mode) == ("m4b", "aac", None)
    assert [(c.title, c.start_s) for c in found.chapters] == [("One", 0.0), ("Two", 1.0)]


@pytest.mark.audio
def test_names_ffmpeg_could_take_for_options_or_protocols(sine_wav, tmp_path, monkeypatch):
    odd = tmp_path / "-chapter:1.wav"
    odd.write_bytes(sine_wav.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert probe(odd.name).duration_s == pytest.approx(5.0)
    assert levels(odd.name) == levels(sine_wav)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(AudiobookError, match="no such file"):
        measure(tmp_path / "nowhere.mp3")


@pytest.mark.audio
def test_file_that_is_not_audio_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.mp3"
    path.write_text("not audio at all\n" * 50)
    for read in (probe, measure):
        with pytest.raises(AudiobookError, match="cannot read") as error:
            read(path)
        assert error.value.where == str(path)


@pytest.mark.audio
def test_missing_ffmpeg_says_how_to_install_it(sine_wav, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    for read in (probe, loudness):
        with pytest.raises(AudiobookError, match="apt-get install ffmpeg"):
            read(sine_wav)
