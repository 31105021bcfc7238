"""Checking a whole corpus (issue 17): folders and globs, all cores, per-claim limits in every worker,
the results cache, and a Dask cluster on the loopback interface."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import worker_hooks

from derive import cli, results
from derive.checking import cache as results_cache
from derive.checking import checker, corpus, isolation
from derive.reading.documents import discovery

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = REPOSITORY / "docs" / "examples"
FAST = checker.Options(oracles=frozenset({"symbolic", "exact", "float"}))
WATCHED = pytest.mark.skipif(not isolation.available(), reason="worker processes are watched with POSIX pipes")

SYMMETRIC = (
    "Let $A \\in \\mathbb{{R}}^{{n \\times n}}${property} and $x \\in \\mathbb{{R}}^n$.\n\n"
    "$$ \\nabla_x x^TAx = 2Ax $$\n\n"
    "$$ (A + A^T)^T = A + A^T $$\n\n"
    "$$ x^T(A + 2A)x = 3x^TAx $$\n"
)
WORDED = (
    "Let $A, B \\in \\mathbb{{R}}^{{n \\times n}}$.\n\n"
    "$$ (A + B)^T = A^T + B^T $$\n\n"
    "$$ \\operatorname{{{word}}}(A) = \\operatorname{{{word}}}(A) $$\n\n"
    "$$ (AB)^T = B^TA^T $$\n"
)


@pytest.fixture
def mischief(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pathlib.Path]:
    folder = worker_hooks.install(tmp_path / "hooks", monkeypatch)
    isolation.shared().close()  # the next worker starts with the hooks
    yield folder
    isolation.shared().close()  # and the one after without them


def _corpus(folder: pathlib.Path) -> list[str]:
    """Four documents, one with a wrong step."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name in ("least_squares.md", "regularised_least_squares.md"):
        if (EXAMPLES / name).is_file():
            shutil.copy(EXAMPLES / name, folder / name)
            names.append(str(folder / name))
    wrong = folder / "wrong.md"
    wrong.write_text(SYMMETRIC.format(property=" be symmetric").replace("3x^TAx", "4x^TAx"), "utf-8")
    return [*names, str(wrong)]


def _verdicts(result: results.DocumentResult) -> list[str]:
    return [claim.verdict for claim in result.claims]


# -- folders and globs -----------------------------------------------------------------------------


def test_a_folder_is_searched_for_documents_skipping_hidden_folders_environments_and_modules(tmp_path: pathlib.Path) -> None:
    for name in ("a.md", "sub/b.tex", "sub/deep/c.ipynb", "sub/notes.txt", ".hidden/d.md", "node_modules/e.md",
                 "env/f.md", "sub/__pycache__/g.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("$$ x = x $$\n", "utf-8")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", "utf-8")
    found = discovery.find([str(tmp_path)])
    assert [os.path.relpath(path, tmp_path) for path in found] == ["a.md", "sub/b.tex", "sub/deep/c.ipynb"]
    assert [os.path.relpath(p, tmp_path) for p in discovery.find([str(tmp_path)], exclude=["sub/*"])] == ["a.md"]
    assert [os.path.relpath(p, tmp_path) for p in discovery.find([str(tmp_path)], include=["*.tex"])] == ["sub/b.tex"]
    globbed = discovery.find([str(tmp_path / "**" / "*.md")])
    assert [os.path.relpath(path, tmp_path) for path in globbed] == ["a.md"]
    with pytest.raises(Exception, match="no document matches"):
        discovery.find([str(tmp_path / "*.nothing")])


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to read .gitignore as git does")
def test_in_a_git_checkout_what_git_ignores_is_skipped(tmp_path: pathlib.Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("kept.md", "build/out.md", "draft.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("$$ x = x $$\n", "utf-8")
    (tmp_path / ".gitignore").write_text("build/\ndraft.md\n", "utf-8")
    assert [os.path.basename(path) for path in discovery.find([str(tmp_path)])] == ["kept.md"]


def test_the_command_checks_a_folder_and_sums_it_up_in_every_format(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _corpus(tmp_path / "notes")
    status = cli.main(["check", str(tmp_path / "notes"), "--format", "json", "--no-cache", "--oracles", "symbolic,exact,float"])
    assert status == cli.EXIT_FAILED
    report = json.loads(capsys.readouterr().out)
    assert [entry["path"] for entry in report["documents"]] == sorted(paths)
    assert report["summary"]["documents"] == len(paths)
    assert report["summary"]["failed_documents"] == [str(tmp_path / "notes" / "wrong.md")]
    assert report["summary"]["claims"]["failed"] == 1
    cli.main(["check", str(tmp_path / "notes"), "--format", "markdown", "--no-cache", "--oracles", "symbolic,exact,float"])
    markdown = capsys.readouterr().out
    assert f"**{len(paths)} documents," in markdown
    failed_section = markdown.index("### Failed claims")
    assert failed_section < markdown.index("### `")  # the failures come before the documents
    assert "wrong.md:7:4" in markdown[failed_section:]


# -- all cores -----------------------------------------------------------------------------------------


@WATCHED
def test_two_jobs_give_byte_identical_results_to_one(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path / "notes")
    printed = []
    for jobs in ("1", "2"):
        cli.main(["check", str(tmp_path / "notes"), "--format", "json", "--no-cache", "--jobs", jobs, "--seed", "3"])
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    assert json.loads(printed[0])["summary"]["claims"]["proved"] > 10


@WATCHED
def test_a_claim_past_its_time_in_the_pool_is_unchecked_and_the_rest_are_checked(
    mischief: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "slow.md").write_text(WORDED.format(word="slowly"), "utf-8")
    (tmp_path / "crash.md").write_text(WORDED.format(word="crashing"), "utf-8")
    (tmp_path / "fine.md").write_text(WORDED.format(word="tr"), "utf-8")
    paths = [str(tmp_path / name) for name in ("slow.md", "crash.md", "fine.md")]
    options = FAST.merge(timeout=3)
    run = corpus.check_paths(paths, options, jobs=2)
    slow, crash, fine = run.results
    assert _verdicts(slow) == ["proved", "unchecked", "proved"]
    assert slow.claims[1].message == "stopped after 3 s"
    assert _verdicts(crash) == ["proved", "unchecked", "proved"]  # its worker was killed, and replaced
    assert "exit status -9" in (crash.claims[1].message or "")
    assert _verdicts(fine) == ["proved", "proved", "proved"]


# -- the results cache -------------------------------------------------------------------------------


@WATCHED
def test_the_cache_answers_an_unchanged_document_and_rechecks_only_a_changed_claim(tmp_path: pathlib.Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text(SYMMETRIC.format(property=" be symmetric"), "utf-8")
    store = results_cache.Cache(tmp_path / "cache")
    first = corpus.check_paths([str(document)], FAST, cache=store)
    assert _verdicts(first.results[0]) == ["proved", "proved", "proved"]
    again = corpus.check_paths([str(document)], FAST, cache=store)
    assert again.from_cache == 1 and again.results == first.results
    document.write_text(SYMMETRIC.format(property=" be symmetric").replace("3x^TAx", "4x^TAx"), "utf-8")
    changed = corpus.check_paths([str(document)], FAST, cache=store)
    assert changed.from_cache == 0 and changed.claims_from_cache == 2  # the other two claims
    assert _verdicts(changed.results[0]) == ["proved", "proved", "failed"]
    store.close()


@WATCHED
def test_a_change_only_in_an_assumption_rechecks_the_claims_that_depend_on_it(tmp_path: pathlib.Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text(SYMMETRIC.format(property=" be symmetric"), "utf-8")
    store = results_cache.Cache(tmp_path / "cache")
    assert _verdicts(corpus.check_paths([str(document)], FAST, cache=store).results[0])[0] == "proved"
    document.write_text(SYMMETRIC.format(property=", with $A$ any matrix,"), "utf-8")  # no longer symmetric
    changed = corpus.check_paths([str(document)], FAST, cache=store)
    assert _verdicts(changed.results[0]) == ["failed", "proved", "proved"]  # ∇ xᵀAx = 2Ax needs A = Aᵀ
    assert changed.claims_from_cache == 0  # every claim's context changed with the assumption
    store.close()


@WATCHED
def _cached_once(tmp_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path, tuple[results.DocumentResult, ...]]:
    """A document checked once into a fresh cache: (document, cache folder, its results)."""
    document = tmp_path / "notes.md"
    document.write_text(SYMMETRIC.format(property=" be symmetric"), "utf-8")
    folder = tmp_path / "cache"
    store = results_cache.Cache(folder)
    expected = corpus.check_paths([str(document)], FAST, cache=store).results
    store.close()
    return document, folder, expected


def test_a_corrupted_cache_file_is_rebuilt_and_never_trusted(tmp_path: pathlib.Path) -> None:
    document, folder, expected = _cached_once(tmp_path)
    (folder / results_cache.FILE).write_bytes(b"not a database, " * 1000)
    for suffix in ("-wal", "-shm"):
        (folder / (results_cache.FILE + suffix)).unlink(missing_ok=True)
    store = results_cache.Cache(folder)
    run = corpus.check_paths([str(document)], FAST, cache=store)
    assert store.rebuilt and run.from_cache == 0 and run.results == expected
    store.close()


def test_a_cache_file_another_run_holds_is_waited_for_never_wiped(tmp_path: pathlib.Path) -> None:
    # pytest-xdist's workers open one cache at once: "database is locked" is not damage
    document, folder, expected = _cached_once(tmp_path)
    holder = sqlite3.connect(folder / results_cache.FILE, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=DELETE")  # so that the next opener must switch to WAL, under an exclusive lock
    holder.execute("BEGIN EXCLUSIVE")
    releaser = threading.Timer(1.5, lambda: holder.execute("COMMIT"))
    releaser.start()
    try:
        store = results_cache.Cache(folder)
    finally:
        releaser.join()
        holder.close()
    run = corpus.check_paths([str(document)], FAST, cache=store)
    assert not store.rebuilt and run.from_cache == 1 and run.results == expected
    store.close()


def test_a_cache_that_answers_locked_at_once_is_opened_again_not_wiped(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite answers "database is locked" without waiting when two openers would deadlock (two
    # xdist workers creating the file at once); the file is whole and must be kept
    document, folder, expected = _cached_once(tmp_path)
    connect = results_cache.Cache._connect
    refusals = []

    def refusing_once(self: results_cache.Cache) -> sqlite3.Connection:
        if not refusals:
            refusals.append(True)
            raise sqlite3.OperationalError("database is locked")
        return connect(self)

    monkeypatch.setattr(results_cache.Cache, "_connect", refusing_once)
    store = results_cache.Cache(folder)
    run = corpus.check_paths([str(document)], FAST, cache=store)
    assert refusals and not store.rebuilt and run.from_cache == 1 and run.results == expected
    store.close()


@WATCHED
def test_a_doctored_result_in_the_cache_is_refused_not_unpickled(tmp_path: pathlib.Path) -> None:
    document, folder, expected = _cached_once(tmp_path)
    import hashlib
    import pickle

    evil = pickle.dumps(os.system)  # a global other than derive's results
    with sqlite3.connect(folder / results_cache.FILE) as connection:
        connection.execute("UPDATE documents SET result = ?, digest = ?", (evil, hashlib.sha256(evil).hexdigest()))
    store = results_cache.Cache(folder)
    run = corpus.check_paths([str(document)], FAST, cache=store)
    assert store.rebuilt and run.from_cache == 0 and run.results == expected
    store.close()


def test_the_command_writes_its_cache_beside_the_documents(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DERIVE_CACHE", raising=False)
    _corpus(tmp_path / "notes")
    arguments = ["check", str(tmp_path / "notes"), "--quiet", "--no-color", "--oracles", "symbolic,exact,float"]
    assert cli.main(arguments) == cli.EXIT_FAILED
    stored = tmp_path / "notes" / ".derive-cache" / results_cache.FILE
    with sqlite3.connect(stored) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 3  # a failed claim is as reproducible as a proof
        assert connection.execute("SELECT count(*) FROM claims WHERE path LIKE '%wrong.md'").fetchone()[0] == 3
    assert discovery.find([str(tmp_path / "notes")]) == sorted(discovery.find([str(tmp_path / "notes")]))
    assert not any(".derive-cache" in path for path in discovery.find([str(tmp_path / "notes")]))


# -- a Dask cluster ----------------------------------------------------------------------------------


distributed = pytest.importorskip("distributed", reason="Dask's distributed is installed with derive[cluster]")


@WATCHED
def test_a_local_dask_cluster_gives_the_results_of_the_pool_and_survives_a_killed_worker(
    mischief: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    paths = _corpus(tmp_path / "notes")
    for number in range(4):  # documents that take a while, so that a worker dies with work in hand
        slow = tmp_path / "notes" / f"sleepy{number}.md"
        slow.write_text(WORDED.format(word="sleepily"), "utf-8")
        paths.append(str(slow))
    (tmp_path / "notes" / "stuck.md").write_text(WORDED.format(word="slowly"), "utf-8")
    paths.append(str(tmp_path / "notes" / "stuck.md"))
    options = FAST.merge(timeout=8)
    local = corpus.check_paths(paths, options, jobs=2)
    assert local.results[-1].claims[1].message == "stopped after 8 s"  # the step limit, on every worker
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        pids = list(client.run(os.getpid).values())

        def kill_one() -> None:
            time.sleep(4)
            os.kill(pids[0], signal.SIGKILL)

        killer = threading.Thread(target=kill_one)
        killer.start()
        remote = corpus.check_paths(paths, options, jobs=2, scheduler=cluster.scheduler_address)
        killer.join()
        assert pids[0] not in client.run(os.getpid).values()  # the worker was killed (and restarted)
    assert remote.results == local.results
    assert all("internal error" not in (claim.message or "") for doc in remote.results for claim in doc.claims)


@WATCHED
def test_results_with_every_oracle_come_back_from_the_cache_as_they_were(tmp_path: pathlib.Path) -> None:
    # the Taylor and autodiff evidence hold NumPy numbers: stored as Python numbers, read back equal
    document = tmp_path / "least_squares.md"
    shutil.copy(EXAMPLES / "least_squares.md", document)
    store = results_cache.Cache(tmp_path / "cache")
    first = corpus.check_paths([str(document)], checker.Options(), cache=store)
    again = corpus.check_paths([str(document)], checker.Options(), cache=store)
    assert not store.rebuilt and again.from_cache == 1
    assert again.results == first.results
    assert any(claim.taylor is not None for claim in again.results[0].claims)
    store.close()


def test_a_cache_folder_that_cannot_be_made_is_a_warning_and_everything_is_checked(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "notes.md"
    document.write_text(SYMMETRIC.format(property=" be symmetric"), "utf-8")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    arguments = ["check", str(document), "--quiet", "--no-color", "--oracles", "symbolic", "--cache", str(blocked)]
    assert cli.main(arguments) == cli.EXIT_OK
    printed = capsys.readouterr()
    assert "no results cache in" in printed.err and "3 relations: 3 proved" in " ".join(printed.out.split())
