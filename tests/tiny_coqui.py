"""Tiny random-weight Coqui models laid out like trained model directories (for tests; nothing downloaded).

The voices babble (random weights), but every layer of the real inference path runs: for VITS the
character tokenizer, text encoder, duration predictor, flow and HiFi-GAN decoder; for XTTS the BPE
tokenizer, conditioning encoders, GPT sampling and the HiFi-GAN decoder.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["TINY_SAMPLE_RATE", "XTTS_BUILTIN_SPEAKER", "build_tiny_vits", "build_tiny_xtts"]

TINY_SAMPLE_RATE = 16000  # not Coqui's 22050 default, so a test can tell the config's rate is used


def build_tiny_vits(directory: Path, *, speakers: list[str] | None = None, seed: int = 0) -> Path:
    """Write `config.json` + `model.pth` (about 1 MB) for a character-based VITS into `directory`.

    With `speakers`, the model has a speaker-embedding table and a `speakers.pth` (name -> id) beside
    it; the config names that file by the absolute path of an imaginary training run, as a trainer's
    output does, so a loader has to find it beside config.json.
    """
    import torch
    from TTS.config.shared_configs import BaseAudioConfig
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    args = VitsArgs(
        hidden_channels=16,
        hidden_channels_ffn_text_encoder=32,
        num_heads_text_encoder=2,
        num_layers_text_encoder=1,
        num_layers_posterior_encoder=1,
        num_layers_flow=1,
        resblock_type_decoder="2",
        resblock_kernel_sizes_decoder=[3],
        resblock_dilation_sizes_decoder=[[1, 3]],
        upsample_rates_decoder=[16, 16],  # = hop length 256
        upsample_kernel_sizes_decoder=[32, 32],
        upsample_initial_channel_decoder=64,
        use_sdp=False,  # the deterministic duration predictor: durations react to length_scale only
        init_discriminator=False,  # inference-only checkpoint, as a released model
        speaker_embedding_channels=16,
        condition_dp_on_speaker=False,  # random speaker vectors would swamp the random duration predictor
    )
    config = VitsConfig(
        model_args=args,
        run_name="tiny_vits",
        use_phonemes=False,  # characters in, so no phonemizer (espeak) is needed
        phoneme_language="en",
        text_cleaner="basic_cleaners",
        add_blank=True,
        characters=CharactersConfig(
            characters_class="TTS.tts.models.vits.VitsCharacters",
            pad="_",
            eos="",
            bos="",
            blank="#",
            characters="abcdefghijklmnopqrstuvwxyz",
            punctuations="!'(),-.:;? ",
            phonemes="",
            is_unique=True,
            is_sorted=True,
        ),
        # No end trimming at inference: random weights make patchy, quiet stretches it would cut.
        audio=BaseAudioConfig(sample_rate=TINY_SAMPLE_RATE, do_trim_silence=False),
    )
    if speakers:
        torch.save({name: i for i, name in enumerate(speakers)}, directory / "speakers.pth")
        for section in (config, config.model_args):
            section.use_speaker_embedding = True
            section.speakers_file = str(directory / "speakers.pth")
            section.num_speakers = len(speakers)
    torch.manual_seed(seed)
    model = Vits(config)
    config_path = directory / "config.json"
    config.save_json(str(config_path))
    if speakers:  # the config a training run writes names its speakers file where the run kept it
        raw = json.loads(config_path.read_text(encoding="utf-8"))
        raw["speakers_file"] = raw["model_args"]["speakers_file"] = f"/home/trainer/runs/{directory.name}/speakers.pth"
        config_path.write_text(json.dumps(raw, indent=4), encoding="utf-8")
    torch.save({"model": model.state_dict()}, directory / "model.pth")
    return directory


XTTS_BUILTIN_SPEAKER = "Tiny Voice"


def build_tiny_xtts(directory: Path, *, seed: int = 0) -> Path:
    """Write an XTTS directory (`config.json`, `model.pth`, `vocab.json`, `speakers_xtts.pth`) with a
    one-layer, 32-wide GPT and at most 12 audio tokens per sentence.

    XTTS's decoder (HiFi-GAN at 512 channels) and its ResNet speaker encoder take no size settings,
    so the checkpoint is ~45 MB (stored in float16) and building takes a few seconds. The speakers
    file holds one built-in voice, `XTTS_BUILTIN_SPEAKER`, conditioned on a synthetic tone.
    """
    import torch
    from tokenizers import Tokenizer, models
    from TTS.tts.configs.xtts_config import XttsConfig
    from TTS.tts.layers.xtts.tokenizer import VoiceBpeTokenizer
    from TTS.tts.models.xtts import Xtts, XttsArgs

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # A character-level BPE (no merges) with the special tokens XTTS's tokenizer wraps text in.
    specials = ["[STOP]", "[UNK]", "[SPACE]", "[START]", "[en]", "[de]"]
    symbols = list("abcdefghijklmnopqrstuvwxyz0123456789.,!?'-:;\"äöüß")
    vocab = {token: i for i, token in enumerate(specials + symbols)}
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="[UNK]"))
    tokenizer.add_special_tokens(specials)
    tokenizer.save(str(directory / "vocab.json"))

    args = XttsArgs(
        gpt_layers=1,
        gpt_n_model_channels=32,
        gpt_n_heads=2,
        gpt_num_audio_tokens=34,
        gpt_start_audio_token=32,
        gpt_stop_audio_token=33,
        gpt_max_audio_tokens=12,  # random weights rarely say stop: this bounds every sentence (~0.5 s)
        gpt_max_text_tokens=128,
        gpt_max_prompt_tokens=16,
        decoder_input_dim=32,
    )
    config = XttsConfig(model_args=args, languages=["en", "de"])
    torch.manual_seed(seed)
    model = Xtts(config)
    model.tokenizer = VoiceBpeTokenizer(directory / "vocab.json")
    model.init_models()  # sizes the text embedding from the vocabulary, as load_checkpoint does
    model.eval()
    config.save_json(str(directory / "config.json"))
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    torch.save({"model": state}, directory / "model.pth")

    sr = 22050
    t = torch.arange(sr, dtype=torch.float32) / sr
    tone = (0.3 * torch.sin(2 * torch.pi * 180 * t) * (1 + torch.sin(2 * torch.pi * 3 * t)) / 2).unsqueeze(0)
    with torch.inference_mode():
        latents = model.get_gpt_cond_latents(tone, sr, length=1, chunk_length=1)
        embedding = model.get_speaker_embedding(tone, sr)
    voice = {"gpt_cond_latent": latents.clone(), "speaker_embedding": embedding.clone()}
    torch.save({XTTS_BUILTIN_SPEAKER: voice}, directory / "speakers_xtts.pth")
    return directory
