"""Stage 4, audio: segments and a cast in, encoded parts in the cache out.

plan.py turns segments into lines and the pauses between them;
clips.py cuts them into batches and keeps the spoken clips (the clip cache);
worker.py speaks a batch in a fresh process; scheduler.py runs speaking and
encoding side by side within a memory budget; loudness.py finds one gain per
voice; parts.py streams clips into encoded parts (the part cache); encode.py
is the only code that runs ffmpeg's encoders; pcm.py the only code that
knows pydub.
"""
