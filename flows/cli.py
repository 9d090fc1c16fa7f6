"""The taleforge command line: a thin layer that turns taleforge's own errors into one-line messages."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from models.errors import InputError
from storage.errors import StorageError

__all__ = ["main", "run"]

EXIT_INPUT = 2
EXIT_FAILED = 1


def _voicing_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--voice", type=Path, default=None, help="a Piper voice file (.onnx with its .onnx.json)")
    p.add_argument("--engine", choices=["piper", "coqui"], default="piper", help="narration engine (default: piper)")
    p.add_argument("--model-dir", type=Path, default=None, help="a Coqui model directory (config.json and checkpoint)")
    p.add_argument("--speaker", default=None, help="speaker of a multi-speaker Coqui model")
    p.add_argument("--speaker-wav", type=Path, default=None, help="reference recording for a cloning model (XTTS)")
    p.add_argument("--language", default=None, help="language of a multilingual Coqui model (default: en)")
    p.add_argument("--casting", type=Path, default=None, help="casting file (YAML/JSON): voices for narrator and characters")
    p.add_argument("--lexicon", type=Path, default=None, help="pronunciation lexicon (W3C PLS .pls)")
    p.add_argument("--normalization", type=Path, action="append", default=[], metavar="TABLE",
                   help="extra normalisation table (TOML/JSON); may be repeated")
    p.add_argument("--no-normalize", action="store_true", help="read numbers, dates and abbreviations as written")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="taleforge", description="Batch audiobook production.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what every stage does")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("produce", help="narrate, master and package a manuscript as an audiobook",
                       description="Narrate, master and package a manuscript (EPUB, Markdown, plain text).")
    p.add_argument("manuscript", type=Path, help="the manuscript file")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, default=None, help="local folder for the book folder (default: out)")
    where.add_argument("--store", default=None, help="object store location, e.g. s3://bucket/prefix")
    p.add_argument("--title", help="book title (default: from the manuscript)")
    p.add_argument("--author", help="author (default: from the manuscript)")
    p.add_argument("--narrator", default="a synthetic voice", help="narrator named in the credits and tags")
    p.add_argument("--profile", choices=["acx", "r128"], default="acx", help="delivery standard (default: acx)")
    p.add_argument("--no-ambience", action="store_true", help="narration only, no ambience layer")
    p.add_argument("--planner-model", type=Path, default=None, metavar="DIR",
                   help="plan ambience with an instruction-tuned LM from a local directory (default: story planner)")
    p.add_argument("--decoder-model", type=Path, default=None, metavar="DIR",
                   help="render ambience with a diffusers audio pipeline from a local directory (default: procedural)")
    p.add_argument("--stems", action="store_true", help="also deliver each chapter's narration and ambience stems")
    _voicing_arguments(p)
    p.add_argument("--quiet", action="store_true", help="no progress display")

    d = sub.add_parser("describe", help="voice an audio-description track and mix it over a programme",
                       description="Voice a timed description script (WebVTT kind=descriptions, or SRT), fit each cue "
                                   "into the programme's gaps and, with --program, mix it over the programme's audio.")
    d.add_argument("descriptions", type=Path, help="the description cues (.vtt or .srt)")
    d.add_argument("--program", type=Path, default=None, metavar="MEDIA", help="the programme (audio or video file)")
    d.add_argument("--captions", type=Path, default=None, help="the dialogue captions (.vtt/.srt): cues end where speech resumes")
    d.add_argument("--extended", action="store_true",
                   help="extended description (WCAG 1.2.7): pause the programme where a description does not fit")
    d.add_argument("--profile", choices=["r128", "acx"], default="r128", help="mastering of the mix (default: r128)")
    d.add_argument("--voice", type=Path, default=None, help="a Piper voice file (.onnx with its .onnx.json)")
    dwhere = d.add_mutually_exclusive_group(required=True)
    dwhere.add_argument("--out", type=Path, default=None, help="local folder for the outputs")
    dwhere.add_argument("--store", default=None, help="object store location, e.g. s3://bucket/prefix")

    c = sub.add_parser("script", help="show what the narrator will say, line by line, and in which voice",
                       description="The narration script: each line as printed and as spoken, with its voice. "
                                   "Nothing is synthesised; use it to proof pronunciation and casting.")
    c.add_argument("manuscript", type=Path, help="the manuscript file")
    c.add_argument("--chapter", type=int, action="append", default=[], metavar="N",
                   help="only chapter N (repeatable; default: all)")
    c.add_argument("--json", action="store_true", help="print JSON")
    _voicing_arguments(c)

    pl = sub.add_parser("plan", help="the ambience plan of a text: timed AudioSet events per sentence",
                        description="Plan the ambience of a text file: its sentences and the sound events they motivate.")
    pl.add_argument("textfile", type=Path, help="a plain-text (or Markdown) file")
    pl.add_argument("--json", action="store_true", help="print JSON (the default is a readable list)")
    pl.add_argument("--planner-model", type=Path, default=None, metavar="DIR",
                    help="an instruction-tuned LM from a local directory (default: the story planner)")

    i = sub.add_parser("inspect", help="show the chapters produce would read, without synthesising",
                       description="Show the title, author and chapters that produce would read.")
    i.add_argument("manuscript", type=Path, help="the manuscript file")
    i.add_argument("--json", action="store_true", help="print JSON")

    for name, helptext in (("batch", "produce every new manuscript in an inbox once, then stop"),
                           ("serve", "produce new manuscripts from an inbox on a schedule, unattended")):
        b = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ". Each manuscript "
                           "is moved to processed/ (with a receipt) or failed/ (with the reason) under the inbox.")
        b.add_argument("--inbox", required=True, help="inbox: s3://bucket/prefix or a folder of manuscripts")
        b.add_argument("--store", required=True, help="where books go: s3://bucket/prefix or a folder")
        b.add_argument("--profile", choices=["acx", "r128"], default="acx", help="delivery standard (default: acx)")
        b.add_argument("--no-ambience", action="store_true", help="narration only, no ambience layer")
        b.add_argument("--stems", action="store_true", help="also deliver each chapter's stems")
        b.add_argument("--narrator", default="a synthetic voice", help="narrator named in the credits and tags")
        b.add_argument("--parallel", type=int, default=2, metavar="N", help="books produced side by side (default: 2)")
        if name == "serve":
            when = b.add_mutually_exclusive_group(required=True)
            when.add_argument("--cron", help='a cron schedule, e.g. "0 2 * * *" (every night at two)')
            when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS instead")
            b.add_argument("--name", default="inbox", help="the deployment's name on the Prefect server")

    s = sub.add_parser("status", help="jobs and chapters from the database",
                       description="Show recorded jobs, or one job's chapters.")
    s.add_argument("job", nargs="?", help="a job id (or a unique prefix of one)")
    s.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _inspect(args: argparse.Namespace) -> int:
    from models.manuscript import read_manuscript

    book = read_manuscript(args.manuscript)
    data = {
        "title": book.title,
        "author": book.author,
        "chapters": [{"index": c.index, "title": c.title, "words": c.words, **({"part": c.part} if c.part else {})}
                     for c in book.chapters],
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(f"{book.title} by {book.author}: {len(book.chapters)} chapters")
        for c in book.chapters:
            part = f"[{c.part}] " if c.part else ""
            print(f"  {c.index:3d}  {part}{c.title}  ({c.words} words)")
    return 0


def _status(args: argparse.Namespace) -> int:
    from flows.settings import environment
    from storage.db import Database

    db = Database(environment().db_url)
    jobs = [db.get_job(args.job)] if args.job else db.list_jobs()
    for job in jobs:
        chapters = db.chapters(job["id"])
        job["progress"] = {"chapters": len(chapters), "done": sum(c["status"] == "done" for c in chapters),
                           "failed": sum(c["status"] == "failed" for c in chapters)}
        if args.job:
            job["chapters"] = chapters
    if args.json:
        print(json.dumps(jobs[0] if args.job else jobs, indent=2, default=str))
        return 0
    if not jobs:
        print("no jobs yet")
    for job in jobs:
        done = job["progress"]
        progress = f"{done['done']}/{done['chapters']} ch" if done["chapters"] else ""
        where = job.get("output_uri") or (f"error: {job['error']}" if job.get("error") else "")
        print(f"{job['id'][:12]}  {job['kind']:8s}  {job['status']:7s}  {progress:>8s}  {job.get('title') or ''}  {where}")
        for ch in job.get("chapters", []):
            dur = f"{ch['duration_s'] / 60:.1f} min" if ch.get("duration_s") else ""
            error = f"  error: {ch['error']}" if ch.get("error") else ""
            print(f"    {ch['index']:3d}  {ch['status']:7s}  {ch.get('title') or ''}  {dur}{error}")
    return 0


def _describe(args: argparse.Namespace) -> int:
    from flows.settings import environment
    from models.describe import read_captions, read_cues
    from models.errors import InputError
    from models.tts.base import EngineSpec

    env = environment()
    env.prepare()
    read_cues(args.descriptions)  # bad input fails here, before Ray or Prefect start
    if args.captions is not None:
        read_captions(args.captions)
    if args.program is not None and not args.program.is_file():
        raise InputError(args.program, "programme file not found")
    if args.voice is not None and not args.voice.is_file():
        raise InputError(args.voice, "voice file not found")
    from flows.cluster import connect
    from flows.describe import describe_media
    from flows.services import start_prefect_api

    with start_prefect_api():
        connect(env.ray_address)
    store = args.store or str(args.out)
    result = describe_media(
        str(args.descriptions.resolve()), store, program=str(args.program.resolve()) if args.program else None,
        captions=str(args.captions.resolve()) if args.captions else None, extended=args.extended,
        profile=args.profile, engine=EngineSpec(model_path=args.voice.resolve() if args.voice else None),
    )
    print(f"{result.cues} cues ({result.overflows} overflow, {result.variant}), {result.output_s / 60:.1f} min "
          f"in {result.wall_s:.0f} s -> {result.uri}", file=sys.stderr)
    print(result.uri)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from models.ambience.planner import StoryPlanner, plan_json, validate_plan
    from models.manuscript.textio import read_text
    from models.narration import tidy
    from models.text import split_sentences

    text = read_text(args.textfile)
    sentences = [s for paragraph in re.split(r"\n\s*\n", text) for s in split_sentences(tidy(paragraph))]
    planner = StoryPlanner()
    if args.planner_model is not None:
        from models.ambience.llm_planner import LLMPlanner

        if not (args.planner_model / "config.json").is_file():
            raise InputError(args.planner_model, "--planner-model: no config.json in the directory")
        planner = LLMPlanner.load(args.planner_model, fallback=planner)
    events = validate_plan(planner.plan(sentences), len(sentences))
    data = plan_json(sentences, events)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for event in data["events"]:
        span = f"{event['sentence']}-{event['end_sentence']}" if event["kind"] == "bed" else str(event["sentence"])
        print(f"{span:>9}  {event['kind']:4s}  {event['label']}  ({event['emotion']}, {event['intensity']:.2f})")
    print(f"{len(data['events'])} events over {len(sentences)} sentences", file=sys.stderr)
    return 0


def _script(args: argparse.Namespace) -> int:
    from flows.settings import ProduceSettings
    from models.manuscript import read_manuscript
    from models.narration import chapter_script
    from models.pronounce import Pronouncer

    book = read_manuscript(args.manuscript)
    engine, pronounce = _voicing_options(args)
    voicing = ProduceSettings(engine=engine, casting=args.casting, pronounce=pronounce).voicing(book)
    phonemes = all(v.engine.name == "piper" for v in voicing.casting.voices())
    pronouncer = Pronouncer.load(pronounce, phonemes=phonemes, phoneme_id_map=_phoneme_map(engine) if phonemes else None)
    wanted = set(args.chapter)
    unknown = wanted - {c.index for c in book.chapters}
    if unknown:
        raise InputError(args.manuscript, f"no chapter {min(unknown)}; the book has {len(book.chapters)}")
    chapters = []
    for chapter in book.chapters:
        if wanted and chapter.index not in wanted:
            continue
        lines = chapter_script(chapter, pronounce=pronouncer)
        chapters.append({"index": chapter.index, "title": chapter.title, "lines": [
            {"kind": ln.kind, "voice": voicing.casting.role(ln.speaker, ln.quoted), "text": ln.text,
             "spoken": ln.spoken} for ln in lines]})
    cast = {key: {"pitch": v.pitch, "length_scale": v.length_scale, "engine": v.engine.name}
            for key, v in (("narrator", voicing.casting.narrator), ("dialogue", voicing.casting.dialogue),
                           *voicing.casting.characters)}
    if args.json:
        print(json.dumps({"title": book.title, "cast": cast, "chapters": chapters}, indent=2, ensure_ascii=False))
        return 0
    print("cast: " + ", ".join(f"{k} ({v['engine']}, pitch {v['pitch']:+g}, pace {v['length_scale']:g})"
                               for k, v in cast.items()))
    for chapter in chapters:
        print(f"\n{chapter['index']:3d}  {chapter['title']}")
        for ln in chapter["lines"]:
            changed = f"\n{'':16}-> {ln['spoken']}" if ln["spoken"] != ln["text"] else ""
            print(f"  {ln['voice'][:12]:12s}  {ln['text']}{changed}")
    return 0


def _phoneme_map(engine):  # type: ignore[no-untyped-def]
    """The Piper voice's phoneme set, read from its config without loading the model."""
    from models.tts.piper import bundled_voice

    model = engine.model_path or bundled_voice()
    config = Path(str(model) + ".json")
    return json.loads(config.read_text(encoding="utf-8")).get("phoneme_id_map") if config.is_file() else None


def _sound_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The ambience planner and decoder, their directories checked before anything starts."""
    from models.ambience.scene import AmbienceSpec
    from models.errors import InputError

    for option, path, marker in (("--planner-model", args.planner_model, "config.json"),
                                 ("--decoder-model", args.decoder_model, "model_index.json")):
        if path is not None and not (path / marker).is_file():
            raise InputError(path, f"{option}: no {marker} in the directory")
    return AmbienceSpec(planner_dir=args.planner_model.resolve() if args.planner_model else None,
                        decoder_dir=args.decoder_model.resolve() if args.decoder_model else None)


def _voicing_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The narrator's engine and the pronunciation settings, every file checked before anything starts."""
    from models.casting import load_casting
    from models.errors import InputError
    from models.pronounce import Pronouncer, PronounceSettings
    from models.tts.base import EngineSpec
    from models.voices import Voice

    if args.engine == "coqui":
        if args.model_dir is None:
            raise InputError("--model-dir", "the coqui engine needs --model-dir DIR (a local model directory)")
        if not (args.model_dir / "config.json").is_file():
            raise InputError(args.model_dir, "no config.json in the model directory")
        engine = EngineSpec(name="coqui", model_dir=args.model_dir.resolve(), speaker=args.speaker,
                            speaker_wav=args.speaker_wav.resolve() if args.speaker_wav else None, language=args.language)
        if args.speaker_wav is not None and not args.speaker_wav.is_file():
            raise InputError(args.speaker_wav, "reference recording not found")
    else:
        if args.voice is not None and not args.voice.is_file():
            raise InputError(args.voice, "voice file not found")
        if args.voice is not None and not args.voice.with_name(args.voice.name + ".json").is_file():
            raise InputError(args.voice, "voice config (.onnx.json) not found beside the voice file")
        engine = EngineSpec(model_path=args.voice.resolve() if args.voice else None)
    pronounce = PronounceSettings(
        normalize=not args.no_normalize, tables=tuple(p.resolve() for p in args.normalization),
        lexicon=args.lexicon.resolve() if args.lexicon else None,
    )
    Pronouncer.load(pronounce)  # a bad table or lexicon is reported now, with its file name
    if args.casting is not None:
        args.casting = args.casting.resolve()
        load_casting(args.casting, Voice(engine=engine))
    return engine, pronounce


def _produce(args: argparse.Namespace) -> int:
    from flows.settings import ProduceSettings, environment

    env = environment()
    env.prepare()
    from models.manuscript import read_manuscript

    read_manuscript(args.manuscript)  # bad input fails here, in a second, before Ray or Prefect start
    engine, pronounce = _voicing_options(args)
    from flows.cluster import connect
    from flows.produce import produce_book
    from flows.services import start_prefect_api

    with start_prefect_api():  # Prefect's API server starts while Ray does
        connect(env.ray_address)

    settings = ProduceSettings(
        profile=args.profile, ambience=not args.no_ambience, stems=args.stems, title=args.title,
        author=args.author, narrator=args.narrator, engine=engine, casting=args.casting, pronounce=pronounce,
        sound=_sound_options(args),
    )
    store = args.store or str(args.out or Path("out"))
    result = produce_book(str(args.manuscript), store, settings, show_progress=not args.quiet)
    verdict = "passes" if result.compliant else "FAILS"
    print(
        f"{result.title}: {result.chapters} chapters, {result.audio_s / 60:.1f} min of audio "
        f"({result.reused} reused, {result.resumed_lines} lines resumed) in {result.wall_s:.0f} s; "
        f"{verdict} {args.profile.upper()} -> {result.uri}",
        file=sys.stderr,
    )
    print(result.uri)
    return 0 if result.compliant else EXIT_FAILED


def _batch_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from flows.inbox import BatchOptions
    from storage.objectstore import open_store

    if args.parallel < 1:
        raise InputError("--parallel", "must be at least 1")
    open_store(args.inbox)  # a malformed location is reported now, in one line
    open_store(args.store)
    if "://" not in args.inbox and not Path(args.inbox).is_dir():
        raise InputError(args.inbox, "inbox folder not found")
    return BatchOptions(profile=args.profile, ambience=not args.no_ambience, stems=args.stems,
                        narrator=args.narrator, parallel=args.parallel)


def _batch(args: argparse.Namespace) -> int:
    from flows.settings import environment

    env = environment()
    env.prepare()  # before Prefect is imported: it reads its settings once
    from flows.cluster import connect
    from flows.inbox import run_inbox
    from flows.services import start_prefect_api

    options = _batch_options(args)
    with start_prefect_api():
        connect(env.ray_address)
    results = run_inbox(args.inbox, args.store, options)
    for r in results:
        print(f"{r['status']:9s} {r['key']}  {r.get('uri') or r.get('reason') or ''}")
    failed = sum(r["status"] == "failed" for r in results)
    print(f"{len(results)} manuscript(s): {len(results) - failed} ok, {failed} failed", file=sys.stderr)
    return EXIT_FAILED if failed else 0


def _serve(args: argparse.Namespace) -> int:
    from flows.settings import environment

    env = environment()
    env.prepare()  # before Prefect is imported: it reads its settings once
    from flows.inbox import serve_inbox
    from flows.services import prefect_server

    options = _batch_options(args)
    if args.interval is not None and args.interval <= 0:
        raise InputError("--interval", "must be a positive number of seconds")
    if args.cron is not None:
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=args.cron)
        except ValueError:
            raise InputError("--cron", f"not a cron schedule: {args.cron!r}") from None
    # Every pass runs in a fresh process: they all join one Ray, started here unless RAY_ADDRESS names one.
    from flows.cluster import connect

    connect(env.ray_address)
    if not env.ray_address:
        import ray

        os.environ["RAY_ADDRESS"] = ray.get_runtime_context().gcs_address
    with prefect_server(env.home / "prefect-server"):
        serve_inbox(args.inbox, args.store, options, cron=args.cron, interval_s=args.interval, name=args.name)
    return 0


def _root_cause(exc: BaseException) -> BaseException:
    """The taleforge error inside a Ray task error, if there is one."""
    seen = exc
    while True:
        inner = getattr(seen, "cause", None) or seen.__cause__
        if inner is None or inner is seen:
            return seen
        seen = inner


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    handlers = {"produce": _produce, "inspect": _inspect, "status": _status, "script": _script, "plan": _plan,
                "describe": _describe, "batch": _batch, "serve": _serve}
    try:
        return handlers[args.command](args)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # the one place that turns any failure into a one-line message
        cause = _root_cause(exc)
        if isinstance(cause, InputError):
            print(f"taleforge: error: {cause}", file=sys.stderr)
            return EXIT_INPUT
        if isinstance(cause, (StorageError, OSError, ValueError)):
            print(f"taleforge: error: {cause}", file=sys.stderr)
            return EXIT_FAILED
        if args.verbose:
            raise
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        print(f"taleforge: error: {type(cause).__name__}: {first}", file=sys.stderr)
        return EXIT_FAILED


def run() -> None:
    """The console entry point: run a command, then stop what it started without waiting on it."""
    from flows.services import stop_local_services

    try:
        code = main()
    finally:
        stop_local_services()
    sys.exit(code)


if __name__ == "__main__":
    run()
