"""The terminal: a few lines of click over the library in audiobook.api.

Only this module prints. Errors the user can fix are one line on stderr
with exit status 1; a bug is one line too, with status 70; --debug shows
the traceback instead.
"""
from __future__ import annotations

import errno
import json
import os
import sys
import time
from pathlib import Path

import click

from . import api
from .check.report import format_report
from .errors import AudiobookError
from .presets import PRESETS
from .voices.castfile import format_cast

# What to do about the OS errors a user can meet (a blocked or read-only output, a full disk).
_OS_ADVICE = {
    errno.EACCES: "check its permissions, or use another folder (--output, --cache-dir)",
    errno.EPERM: "check its permissions, or use another folder (--output, --cache-dir)",
    errno.EROFS: "that disk is read-only; use another folder (--output, --cache-dir)",
    errno.ENOSPC: "the disk is full; free some space and run again (finished clips are kept)",
    errno.EISDIR: "a folder has that name; move it or use another --output",
    errno.ENOTDIR: "a file stands where a folder should be; move it or use another --output",
    errno.EEXIST: "a file stands where a folder should be; move it or use another --output",
}


INTERNAL_ERROR = 70  # EX_SOFTWARE: not the user's mistake (those exit 1)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `audiobook script x | head`: the reader has all it wanted
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
            sys.exit(0)
        except (AudiobookError, OSError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {_one_line(exc)}", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: a usage error (exit 2) or --help, which click reports itself
        except KeyboardInterrupt:
            click.echo("interrupted: finished clips are kept; run the same command again to resume", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug: still one line, and an exit code of its own
            if ctx.obj and ctx.obj.get("debug"):
                raise
            detail = " ".join(str(exc).split())[:200]
            click.echo(f"error: internal error ({type(exc).__name__}{': ' + detail if detail else ''}); "
                       "run again with --debug and report it", err=True)
            sys.exit(INTERNAL_ERROR)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx, debug):
    """Build multi-voice audiobooks from stories, offline."""
    ctx.obj = {"debug": debug}


DEFAULT_STORIES, DEFAULT_VOICES, DEFAULT_OUTPUT = "stories", "voices.toml", "output"
voices_option = click.option("--voices", "voices", default=DEFAULT_VOICES, show_default=True,
                             type=click.Path(dir_okay=False), help="Casting file (optional).")


def _voices_file(voices: str, required: bool = False) -> str | None:
    """The voices file to use: a missing one means every voice is automatic, unless
    ``required`` (a build naming a file of its own must find it)."""
    return voices if required or Path(voices).exists() else None


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@voices_option
@click.option("--output", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(file_okay=False))
@click.option("--jobs", type=click.IntRange(1, 64), help="Worker processes [default: CPU count].")
@click.option("--format", "container", type=click.Choice(["mp3", "m4b"]), default="mp3", show_default=True,
              help="MP3 with ID3 chapters, or M4B (AAC) with MP4 chapters.")
@click.option("--preset", type=click.Choice(sorted(PRESETS)), default="default", show_default=True,
              help="acx: 44.1 kHz, 192 kbps, one file per chapter, ACX levels.")
@click.option("--bitrate", type=int, help="Bitrate in kbps, CBR [default: 64, acx: 192].")
@click.option("--single-file", is_flag=True, help="One book file, one chapter per story.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Clip and part cache "
              "[default: ~/.cache/audiobook].")
@click.option("--encoding", help="Text encoding of the stories (default: detected).")
@click.option("--quiet", is_flag=True, help="Print errors only.")
def build_command(paths, voices, output, jobs, container, preset, bitrate, single_file, cache_dir, encoding,
                  quiet):
    """Build PATHS (story files or folders; default: stories/) into audio files."""
    started = time.monotonic()
    results = api.build(paths or (DEFAULT_STORIES,), _voices_file(voices, Path(voices) != Path(DEFAULT_VOICES)), output,
                        jobs=jobs, bitrate=bitrate, format=container,
                        preset=preset, single_file=single_file, cache_dir=cache_dir, encoding=encoding,
                        progress=_Progress(quiet), notice=(lambda m: None) if quiet else _notice)
    if not quiet:
        for r in results:
            click.echo(f"{r.story}: {_clock(r.duration)}, {r.chapters} chapter(s), "
                       f"{r.speakers} speaker(s) -> {r.path}")
        click.echo(f"built {len(results)} file(s) in {time.monotonic() - started:.1f} s")


@main.command("script")
@click.argument("story", type=click.Path())
@voices_option
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.option("--encoding", help="Text encoding of the story (default: detected).")
def script_command(story, voices, fmt, encoding):
    """Show what build would say for STORY, without making any sound."""
    result = api.script(story, _voices_file(voices), encoding)
    for seg in result.segments:
        voice = result.cast.voice_for(seg.speaker if seg.kind == "dialogue" else None)
        dropped = result.dropped(seg)
        if fmt == "jsonl":
            click.echo(json.dumps({"start": seg.start, "end": seg.end, "kind": seg.kind,
                                   "speaker": seg.speaker, "voice": voice.id, "text": seg.text,
                                   "how": seg.how, "confidence": seg.confidence, "skip": seg.skip,
                                   "dropped": dropped}, ensure_ascii=False))
            continue
        if seg.skip:
            line = f"  [skipped: {seg.skip}] {result.story.text[seg.start:seg.end][:60]!r}"
        elif seg.kind == "dialogue":
            who = seg.speaker or "(unknown speaker)"
            line = f"{who.upper()} ({voice.id}, {seg.how} {seg.confidence:.2f}): {seg.text}"
        else:
            line = f"  NARRATOR ({voice.id}): {seg.text}"
        click.echo(line + (f"  [not said: {', '.join(map(repr, dropped))}]" if dropped and not seg.skip else ""))


@main.command("review")
@click.argument("paths", nargs=-1, type=click.Path())
@voices_option
@click.option("--output", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(file_okay=False),
              help="Where the book was built; review.html is written there.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="[default: ~/.cache/audiobook]")
@click.option("--encoding", help="Text encoding of the stories (default: detected).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the browser.")
def review_command(paths, voices, output, cache_dir, encoding, open_page):
    """Write a page to see and hear who says what in the built PATHS, and fix it."""
    page = api.review(paths or (DEFAULT_STORIES,), _voices_file(voices), output, encoding=encoding,
                      cache_dir=cache_dir, notice=_notice)
    click.echo(f"wrote {page}")
    if open_page:
        click.launch(str(page))


@main.command("cast")
@click.argument("paths", nargs=-1, type=click.Path())
@voices_option
@click.option("--write", is_flag=True, help="Add the characters not listed yet to the voices file.")
@click.option("--encoding", help="Text encoding of the stories (default: detected).")
def cast_command(paths, voices, write, encoding):
    """List who speaks in PATHS (default: stories/) and the voice each gets."""
    found = api.cast(paths or (DEFAULT_STORIES,), _voices_file(voices), encoding, _notice)
    click.echo(format_cast(found))
    if write:
        added = api.write_cast(voices, found)
        click.echo(f"{voices}: added {', '.join(added)}" if added else f"{voices}: nothing to add")


@main.command("voices")
@click.option("--language", help="Only voices for this language code prefix (en, fr, pt-br...).")
@voices_option
def voices_command(language, voices):
    """List the engines' voices, with ids usable in voices.toml."""
    found = api.list_voices(language, _voices_file(voices))
    for v in found.voices:
        more = ", ..." if len(v.speakers) > 5 else ""
        speakers = f" ({len(v.speakers)} speakers: #{', #'.join(v.speakers[:5])}{more})" if v.speakers else ""
        click.echo(f"{v.id:24} {v.language:10} {v.name}{speakers}")
    click.echo(f"variants (append as +name, e.g. en-us+f3): {', '.join(found.variants)}")
    if not found.piper:
        click.echo('Piper voices: not installed (pip install "audiobook[piper]")')


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--preset", type=click.Choice(list(PRESETS)), default="default", show_default=True,
              help="; ".join(f"{name}: {p.description}" for name, p in PRESETS.items()))
def check_command(files, preset):
    """Measure finished audio FILES; exit 1 when any fails the preset."""
    reports = api.check_files(files, preset, _notice)
    click.echo("\n\n".join(format_report(report) for report in reports))
    sys.exit(0 if all(report.ok for report in reports) else 1)


def _one_line(exc: Exception) -> str:
    """An AudiobookError as it is; an OSError as "file: what went wrong; what to do"."""
    if isinstance(exc, AudiobookError) or not exc.strerror:
        return str(exc).replace("\n", " ")
    name = exc.filename2 or exc.filename  # for a rename, the final name
    message = f"{name}: {exc.strerror}" if name else exc.strerror
    advice = _OS_ADVICE.get(exc.errno)
    return f"{message}; {advice}" if advice else message


@main.command("cache")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="[default: ~/.cache/audiobook]")
@click.option("--clear", is_flag=True, help="Delete it (the next build speaks everything again).")
def cache_command(cache_dir, clear):
    """Show where spoken clips and encoded parts are kept, and how much; or clear them."""
    info = api.clear_cache(cache_dir) if clear else api.cache_info(cache_dir)
    verb = "cleared" if clear else "holds"
    click.echo(f"{info.path} {verb} {info.batches} batch(es) of clips, {info.parts} encoded part(s), "
               f"{info.bytes / 1e6:.1f} MB")


def _notice(message: str) -> None:
    click.echo(message, err=True)


def _clock(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class _Progress:
    """One bar with ETA on a terminal (speaking and encoding run together);
    a plain line every 10% otherwise."""

    STEPS = 1000

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.phases: dict[str, tuple[int, int]] = {}
        self.bar = None
        self.shown = -1

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.quiet or total <= 0:
            return
        self.phases[phase] = (done, total)
        share = sum(d / t for d, t in self.phases.values()) / len(self.phases)
        position = min(self.STEPS, round(share * self.STEPS))
        label = ", ".join(f"{p} {d}/{t}" for p, (d, t) in self.phases.items())
        if sys.stderr.isatty():
            if self.bar is None:
                self.bar = click.progressbar(length=self.STEPS, file=sys.stderr, show_eta=True,
                                             show_percent=True, item_show_func=lambda x: x)
                self.bar.__enter__()
            self.bar.update(position - self.bar.pos, label)
            if position >= self.STEPS:
                self.bar.__exit__(None, None, None)
        elif position * 10 // self.STEPS > self.shown:
            self.shown = position * 10 // self.STEPS
            click.echo(f"{self.shown * 10}%: {label}", err=True)


if __name__ == "__main__":
    main()
