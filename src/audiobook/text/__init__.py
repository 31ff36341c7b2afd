"""Stage 1, text: story files in, ``Story`` and ``Segment`` values out. Pure but for reading the file.

read.py finds the stories and reads one: decode.py turns bytes into text,
epub.py reads an EPUB, preamble.py and markup.py find what is not said
(licences, front matter, Markdown's markup), headings.py and chapters.py
find the title and the chapters. segment.py splits the text into narration
and dialogue; sentences.py cuts spoken text into utterances; spans.py holds
the paragraph and whitespace helpers they share.
"""
