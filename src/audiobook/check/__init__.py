"""After a build, check: finished files in, measured figures and a verdict out.

measure.py reads a file with ffprobe and ffmpeg's meters; report.py holds
the figures against a preset (presets.py) and words the report.
"""
