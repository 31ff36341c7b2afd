"""Casting rules: user's choices first, then distinct, gender-fitting, deterministic voices."""
from audiobook.model import Character, Voice
from audiobook.voices.casting import cast
from audiobook.voices.config import CharacterSettings, Config

NARRATOR = Voice("en-gb-x-rp")


def people(n, gender):
    return [Character(f"{gender}{i}", gender=gender, lines=20 - i) for i in range(n)]


def test_listed_voice_is_used_as_given():
    cfg = Config(characters=(CharacterSettings("Étienne", voice={"id": "fr+m3", "rate": 160}),))
    result = cast([Character("Étienne", lines=3)], cfg)
    assert result.voices["Étienne"] == Voice("fr+m3", rate=160)


def test_partial_settings_keep_automatic_voice():
    cfg = Config(characters=(CharacterSettings("Ann", gender="female", voice={"rate": 120}),))
    voice = cast([Character("Ann", lines=5)], cfg).voices["Ann"]
    assert voice.rate == 120 and "+f" in voice.id


def test_automatic_voices_are_distinct_gendered_and_not_the_narrator():
    chars = people(12, "female") + people(15, "male") + [Character("X", lines=9)]
    result = cast(chars, Config(narrator=NARRATOR))
    voices = [result.voices[c.name] for c in chars]
    assert len(set(voices)) == len(voices)
    assert NARRATOR not in voices
    assert all("+f" in result.voices[c.name].id for c in chars if c.gender == "female")
    assert all("+m" in result.voices[c.name].id for c in chars if c.gender == "male")


def test_cast_is_deterministic_whatever_the_input_order():
    chars = people(4, "female") + people(4, "male")
    assert cast(chars, Config()) == cast(list(reversed(chars)), Config())


def test_a_user_voice_is_not_given_to_anyone_else():
    chars = people(3, "female")
    first_auto = cast(chars, Config()).voices["female0"]
    cfg = Config(characters=(CharacterSettings("Zoe", voice=dict(first_auto.__dict__)),))
    result = cast(chars + [Character("Zoe")], cfg)
    assert result.voices["Zoe"] == first_auto
    assert first_auto not in [result.voices[c.name] for c in chars]


def test_unknown_speaker_gets_the_narrator():
    assert cast([], Config(narrator=NARRATOR)).voice_for(None) == NARRATOR


def test_an_unknown_gender_takes_the_books_balance_not_a_coin_toss():
    sailors = [Character("Ahn", gender="male", lines=40), Character("Bly", gender="male", lines=30),
               Character("Cora", gender="female", lines=5), Character("Quoll", lines=12)]
    voices = cast(sailors, Config()).voices
    assert "+m" in voices["Quoll"].id
    even = [Character("Ahn", gender="male", lines=5), Character("Cora", gender="female", lines=5),
            Character("Quoll", lines=3)]
    assert cast(even, Config()).voices["Quoll"] not in (cast(even, Config()).voices["Ahn"],
                                                          cast(even, Config()).voices["Cora"])
