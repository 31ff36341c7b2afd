"""Stage 4, audio: segments and a cast in, encoded parts in the cache out.

render.py is the stage in one call. plan.py turns segments into lines, the pauses between them, and the blocks
they are encoded in; clips.py cuts them into batches and keeps the spoken
clips (the clip cache); worker.py speaks each batch in a fresh process;
loudness.py finds one gain per voice from its calibration batch; master.py
applies it, with a peak limiter; parts.py streams mastered clips into
encoded parts (the part cache); scheduler.py runs speaking and encoding side
by side; encode.py is the only code that knows the encoders; pcm.py the
only code that knows pydub.
"""
