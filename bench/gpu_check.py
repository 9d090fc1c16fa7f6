"""GPU check: the diffusion decoders and Coqui TTS on CUDA, against the same models on the CPU of the same machine.

Usage: python bench/gpu_check.py [--out FILE.json]

Builds the tiny random-weight Stable Audio and AudioLDM 2 pipelines the tests use (nothing fetched),
loads each through `DiffusionDecoder.load(..., use_gpu=True)` and renders the same conditioning on
CUDA and on the CPU. Reports the device each decoder landed on, whether a render on CUDA repeats
exactly for the same seed, the largest difference from the CPU's render (the initial noise is drawn
on the CPU, but Stable Audio's SDE sampler draws more noise on the device, so its clips differ between
devices while AudioLDM 2's agree), and the seconds per render on each (after a warm-up).
Then the tiny Coqui VITS and XTTS models the tests build, through `CoquiEngine.load(use_gpu=True)`: the
device their weights landed on and seconds per sentence on each device.
Exits non-zero when CUDA is absent, a model did not land on it, or a render does not repeat.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from models.ambience.decoders.diffusion import DiffusionDecoder
from models.ambience.events import Conditioning, Texture
from tests.tiny_diffusion import build_tiny_audioldm2, build_tiny_stable_audio

STEPS = 8


def _rain(seed: int) -> Conditioning:
    return Conditioning(label="Rain", prompt="Rain: steady rain falling on roofs, streets and leaves",
                        embedding=np.zeros(4, dtype=np.float32), kind="bed", texture=Texture(seed=seed))


def _timed(decoder: DiffusionDecoder, repeats: int = 3) -> tuple[np.ndarray, float]:
    decoder.clear_cache()
    audio = decoder.render(_rain(1), 1.5)  # warm-up (kernels, allocator)
    started = time.perf_counter()
    for n in range(repeats):
        decoder.clear_cache()
        decoder.render(_rain(100 + n), 1.5)
    return audio, (time.perf_counter() - started) / repeats


def check(name: str, directory: Path) -> dict[str, object]:
    gpu = DiffusionDecoder.load(directory, steps=STEPS, use_gpu=True)
    cpu = DiffusionDecoder.load(directory, steps=STEPS, use_gpu=False)
    on_gpu, gpu_s = _timed(gpu)
    gpu.clear_cache()
    again = gpu.render(_rain(1), 1.5)
    on_cpu, cpu_s = _timed(cpu)
    return {
        "pipeline": name, "device": str(gpu.device), "samples": int(on_gpu.shape[0]),
        "finite": bool(np.isfinite(on_gpu).all()), "peak": round(float(np.max(np.abs(on_gpu))), 3),
        "repeats_exactly": bool(np.array_equal(on_gpu, again)),
        "max_abs_diff_vs_cpu": round(float(np.max(np.abs(on_gpu - on_cpu))), 5),
        "gpu_s_per_render": round(gpu_s, 3), "cpu_s_per_render": round(cpu_s, 3),
    }


def _torch_device(engine: object) -> str:
    model = engine.tts.synthesizer.tts_model  # type: ignore[attr-defined]
    return str(next(model.parameters()).device)


def check_coqui(name: str, directory: Path, **voice: str) -> dict[str, object]:
    """A Coqui model through the engine on CUDA and on the CPU: device, audio, seconds per sentence."""
    from models.tts.coqui import CoquiEngine

    text = "The lamps along the quay were lit one by one as the fog came in."
    row: dict[str, object] = {"model": name}
    for where, use_gpu in (("gpu", True), ("cpu", False)):
        engine = CoquiEngine.load(directory, use_gpu=use_gpu, **voice)
        engine.synthesize(text)  # warm-up
        started = time.perf_counter()
        audio = engine.synthesize(text)
        row[f"{where}_device"] = _torch_device(engine)
        row[f"{where}_s_per_sentence"] = round(time.perf_counter() - started, 3)
        row[f"{where}_audio_s"] = round(len(audio) / engine.sample_rate, 2)
        row[f"{where}_finite"] = bool(np.isfinite(audio).all()) and audio.size > 0
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    import torch

    report: dict[str, object] = {"torch": torch.__version__, "cuda": torch.cuda.is_available()}
    if torch.cuda.is_available():
        report["gpu"] = torch.cuda.get_device_name(0)
    with tempfile.TemporaryDirectory() as tmp:
        report["decoders"] = [
            check("StableAudioPipeline", build_tiny_stable_audio(Path(tmp) / "stable-audio")),
            check("AudioLDM2Pipeline", build_tiny_audioldm2(Path(tmp) / "audioldm2")),
        ]
        from tests.tiny_coqui import XTTS_BUILTIN_SPEAKER, build_tiny_vits, build_tiny_xtts

        report["coqui"] = []
        for name, build, voice in (("vits", build_tiny_vits, {}),
                                   ("xtts", build_tiny_xtts, {"speaker": XTTS_BUILTIN_SPEAKER, "language": "en"})):
            try:
                report["coqui"].append(check_coqui(name, build(Path(tmp) / name), **voice))  # type: ignore[attr-defined]
            except Exception as exc:  # reported, and the check fails
                report["coqui"].append({"model": name, "error": f"{type(exc).__name__}: {exc}"[:500]})  # type: ignore[attr-defined]
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)
    ok = report["cuda"] and all(d["device"].startswith("cuda") and d["finite"] and d["repeats_exactly"]
                                for d in report["decoders"])  # type: ignore[union-attr]
    ok = ok and all(str(c.get("gpu_device", "")).startswith("cuda") and c.get("gpu_finite")
                    for c in report["coqui"])  # type: ignore[union-attr]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
