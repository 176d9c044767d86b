"""The one atomic-file helper (`vinny.files`): a file appears whole or not at all."""

import stat

import pytest

from vinny.files import AtomicFile, write_atomic, write_atomic_stream


def test_a_committed_file_replaces_the_old_one_and_is_world_readable(tmp_path):
    target = tmp_path / "deep" / "out.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new", 0o644)


def test_a_failing_stream_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, b"old")

    def chunks():
        yield b"half"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic_stream(target, chunks())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert target.read_bytes() == b"old"


def test_an_aborted_file_never_appears(tmp_path):
    handle = AtomicFile(tmp_path / "out.csv")
    handle.write("a,b\r\n")
    handle.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_file_holding_the_same_bytes_is_left_alone(tmp_path):
    from vinny.files import rewrite_if_changed

    path = tmp_path / "master_events.json"
    assert rewrite_if_changed(path, [b"[\n", b"]\n"]) is True
    before = path.stat()
    assert rewrite_if_changed(path, [b"[\n]\n"]) is False
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert rewrite_if_changed(path, [b"[1]\n"]) is True and path.read_bytes() == b"[1]\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
