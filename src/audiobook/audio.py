"""pydub, imported quietly: it warns on import when ffmpeg is missing, and
the build already says that in one line (encode.ffmpeg) before any work."""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

__all__ = ["AudioSegment", "detect_leading_silence"]
