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
