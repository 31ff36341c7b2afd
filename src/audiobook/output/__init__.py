"""Stage 5, output: encoded parts in, finished files out: books tagged and
chaptered, transcripts, a playlist, each written atomically.

books.py decides which files are written (and finds the cover); publish.py
writes them; metadata.py is the only code that knows ID3 and MP4 atoms;
transcript.py writes WebVTT and SRT; names.py gives the files their names.
"""
