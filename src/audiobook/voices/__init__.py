"""Stage 3, voices: voices.toml in, a ``Cast`` (a ``Voice`` for the narrator
and every speaker) out; and the engines that speak them.

config.py reads and validates voices.toml; casting.py gives everyone a
voice; castfile.py shows the cast and adds new characters to voices.toml;
pronounce.py applies the user's pronunciations; engine.py is the one
interface to the engines: espeak.py (the only code that knows pyttsx3 and
espeak-ng) and piper.py (the only code that knows Piper, optional).
"""
