"""What a killed build leaves behind is cleaned, and only what is stale."""
import os
import time

from audiobook.assemble import STALE_AFTER, sweep


def test_old_temporary_files_of_a_killed_build_are_swept(tmp_path):
    (tmp_path / ".book.mp3.abc.part").write_bytes(b"half")
    (tmp_path / ".batchkey.xyz").mkdir()
    (tmp_path / ".fresh.mp3.def.part").write_bytes(b"being written")
    (tmp_path / "book.mp3").write_bytes(b"finished")
    old = time.time() - STALE_AFTER - 10
    for name in (".book.mp3.abc.part", ".batchkey.xyz", "book.mp3"):
        os.utime(tmp_path / name, (old, old))
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".fresh.mp3.def.part", "book.mp3"]


def test_a_full_disk_is_one_line_leaves_no_file_and_keeps_the_cache(tmp_path, monkeypatch):
    """Disk full cannot be caused here for real, so the final write is made to fail as it would."""
    import errno

    from click.testing import CliRunner

    from audiobook import assemble
    from audiobook.cli import main

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text("The sea was calm that night.", encoding="utf-8")
    args = ["build", str(tmp_path / "stories"), "--output", str(tmp_path / "out"), "--cache-dir",
            str(tmp_path / "cache")]

    def full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(assemble.os, "fsync", full)
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    (line,) = [l for l in result.output.splitlines() if l.startswith("error:")]
    assert "No space left on device" in line and "disk is full" in line
    assert [p.name for p in (tmp_path / "out").iterdir()] == []  # nothing at a final name, no temp file
    batches = {p.name for p in (tmp_path / "cache" / "clips").iterdir()}
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "speaking" not in again.output  # the cache served every clip
    assert {p.name for p in (tmp_path / "cache" / "clips").iterdir()} == batches
    assert (tmp_path / "out" / "a.mp3").exists()


def test_a_failing_clip_is_retried_then_reported(tmp_path, monkeypatch):
    """The engine's rare empty clip cannot be caused on demand: the worker call is made to fail."""
    import pytest

    from audiobook import engine, produce, synth
    from audiobook.assemble import PartCache, block_jobs
    from audiobook.encode import Format
    from audiobook.errors import AudiobookError
    from audiobook.model import ChapterPlan, Line, Voice

    lines = (Line("A sentence to speak.", Voice("en"), 0.3, 0),)
    batches, where = synth.batches(lines, engine.version())
    (blocks,) = block_jobs([ChapterPlan("c", (lines,))], where, {}, Format())
    calls = []

    def flaky(batch, cache_dir):
        calls.append(batch.key)
        return "empty clip for 'A sentence to speak.'" if len(calls) < 3 else produce.speak_for_real(batch, cache_dir)

    monkeypatch.setattr(produce, "speak_for_real", produce.speak, raising=False)
    monkeypatch.setattr(produce, "speak", flaky)
    produce.produce(batches, blocks, synth.ClipCache(tmp_path), PartCache(tmp_path), Format(), 1)
    assert len(calls) == 3 and PartCache(tmp_path).get(blocks[0].key) is not None  # third try used

    monkeypatch.setattr(produce, "speak", lambda batch, cache_dir: "empty clip for 'x'")
    with pytest.raises(AudiobookError, match="failed 3 times: empty clip"):
        produce.produce(batches, blocks, synth.ClipCache(tmp_path / "b"), PartCache(tmp_path / "b"), Format(), 1)
