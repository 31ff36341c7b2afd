"""voices.toml is validated before any work, with one line naming file and line."""
import pytest

from audiobook.errors import AudiobookError
from audiobook.model import Pauses, Voice
from audiobook.voices import config
from audiobook.voices.engine import check_voice


def load(tmp_path, text, voice_ok=check_voice):
    path = tmp_path / "voices.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path, voice_ok)


def error(tmp_path, text) -> str:
    with pytest.raises(AudiobookError) as info:
        load(tmp_path, text)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.audio
def test_full_file_is_read(tmp_path):
    cfg = load(tmp_path, """
[book]
author = "A. Writer"
[narrator]
voice = "en-gb-x-rp"
rate = 170
pitch = 50
volume = 0.9
[pauses]
sentence = 0.2
chapter = 3
[characters."Étienne"]
aliases = ["Etienne"]
gender = "male"
voice = "fr+m3"
rate = 160
[[pin]]
story = "cafe"
quote = "Bonjour"
speaker = "Étienne"
[pronunciations]
Montmartre = "mon-MART-ruh"
""")
    assert cfg.book == {"author": "A. Writer"}
    assert cfg.narrator == Voice("en-gb-x-rp", 170, 50, 0.9)
    assert cfg.pauses == Pauses(sentence=0.2, chapter=3.0)
    (etienne,) = cfg.characters
    assert etienne.name == "Étienne" and etienne.aliases == ("Etienne",) and etienne.gender == "male"
    assert etienne.voice == {"id": "fr+m3", "rate": 160}
    assert cfg.pins[0].speaker == "Étienne"
    assert cfg.pronunciations == {"Montmartre": "mon-MART-ruh"}


def test_syntax_error_names_line_and_column(tmp_path):
    message = error(tmp_path, '[narrator]\nrate = 170\nvoice = "en\n')
    assert "voices.toml:3:" in message and "syntax" in message


def test_unknown_key_suggests_the_nearest(tmp_path):
    message = error(tmp_path, '[narrator]\nvoice = "en"\nratee = 170\n')
    assert "voices.toml:3" in message and "'ratee'" in message and "did you mean 'rate'" in message


@pytest.mark.audio
def test_unknown_voice_suggests_real_ids(tmp_path):
    message = error(tmp_path, '[characters."Bob"]\ngender = "male"\nvoice = "en-gb-rp"\n')
    assert "voices.toml:3" in message and "unknown voice 'en-gb-rp'" in message
    assert "en-gb-x-rp" in message


@pytest.mark.audio
def test_unknown_variant_is_refused(tmp_path):
    assert "en+f3" in error(tmp_path, '[narrator]\nvoice = "en+f9"\n')


@pytest.mark.parametrize("text, fragment", [
    ('[narrator]\nrate = 1000\n', "rate = 1000 is out of range"),
    ('[narrator]\npitch = -1\n', "pitch = -1 is out of range"),
    ('[narrator]\nvolume = 2.5\n', "volume = 2.5 is out of range"),
    ('[pauses]\nparagraph = -0.5\n', "pause 'paragraph' = -0.5 is out of range"),
    ('[narrator]\nrate = "fast"\n', "'rate' must be a whole number"),
    ('[characters."Ann"]\ngender = "robot"\n', "gender = 'robot' is not known"),
    ('[[pin]]\nquote = "Hello"\n', "needs speaker"),
])
def test_bad_values_name_the_line(tmp_path, text, fragment):
    message = error(tmp_path, text)
    assert fragment in message
    assert message.startswith(f"{tmp_path / 'voices.toml'}:")


def test_empty_file_is_an_error_with_advice(tmp_path):
    assert "is empty" in error(tmp_path, "\n  \n")


def test_no_file_means_defaults():
    assert config.load(None) == config.Config()
