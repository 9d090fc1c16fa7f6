"""A tiny random-weight Stable Audio pipeline laid out like a downloaded diffusers folder (tests; nothing fetched).

The sizes follow diffusers' own fast test (`tests/pipelines/stable_audio/test_stable_audio.py`): a two-layer
DiT, a small Oobleck VAE, a one-layer T5 encoder and the seconds/text projection. Two changes make it
usable as an ambience decoder in tests: the VAE runs at a real sample rate (16 kHz, hop 64), so a clip
is 2.048 s of audio rather than 7 samples, and the tokenizer is a word-level one trained here with
`tokenizers` (diffusers' test fetches T5's sentencepiece model from the hub).

The output is noise shaped by random weights, but every stage of the real inference path runs:
tokenizer, T5 encoder, projection, DiT denoising with the cosine DPM-Solver (torchsde Brownian tree)
and the Oobleck decoder.
"""

from __future__ import annotations

import warnings
from pathlib import Path

__all__ = ["TINY_DIFFUSION_MAX_S", "TINY_DIFFUSION_SAMPLE_RATE", "build_tiny_audioldm2", "build_tiny_stable_audio"]

TINY_DIFFUSION_SAMPLE_RATE = 16000
_HOP = 64  # prod(downsampling_ratios)
_LATENT_FRAMES = 512  # the DiT's sample_size: the pipeline always denoises this many latent frames
TINY_DIFFUSION_MAX_S = _LATENT_FRAMES * _HOP / TINY_DIFFUSION_SAMPLE_RATE  # 2.048 s per clip

_SPECIALS = ["<pad>", "</s>", "<unk>"]
_WORDS = (
    "speech music voice distant far close near nearby faint light soft gentle heavy loud strong muffled dull "
    "dark bright crisp clear sparse scattered dense thick continuous steady ambience background single sound "
    "of the a an and in on with at by from through under over outside inside room street forest night"
)


def _corpus() -> list[str]:
    from models.ambience.events import catalogue

    lines = [_WORDS]
    for c in catalogue().values():
        lines += [c.name, c.description, c.group, " ".join(c.parents)]
    return lines


def _build_tokenizer(max_length: int):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel
    from tokenizers.trainers import WordLevelTrainer
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(WordLevel(unk_token="<unk>"))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(_corpus(), WordLevelTrainer(special_tokens=_SPECIALS, min_frequency=1))
    # T5 style: every sequence ends with </s>.
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", tok.token_to_id("</s>"))]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>", model_max_length=max_length
    )


def build_tiny_stable_audio(directory: Path | str, *, seed: int = 0) -> Path:
    """Save a tiny `StableAudioPipeline` (about 1.5 MB) into `directory` with `save_pretrained`; returns it.

    `StableAudioPipeline.from_pretrained(directory, local_files_only=True)` loads it back.
    """
    import torch
    from diffusers import (
        AutoencoderOobleck,
        CosineDPMSolverMultistepScheduler,
        StableAudioDiTModel,
        StableAudioPipeline,
        StableAudioProjectionModel,
    )
    from transformers import T5Config, T5EncoderModel

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = _build_tokenizer(max_length=24)
    conditioning_dim = 4
    torch.manual_seed(seed)
    transformer = StableAudioDiTModel(
        sample_size=_LATENT_FRAMES,
        in_channels=3,
        num_layers=2,
        attention_head_dim=4,
        num_key_value_attention_heads=2,
        out_channels=3,
        cross_attention_dim=4,
        time_proj_dim=8,
        global_states_input_dim=2 * conditioning_dim,  # seconds_start and seconds_end, concatenated
        cross_attention_input_dim=conditioning_dim,  # the projected text and seconds states
    )
    scheduler = CosineDPMSolverMultistepScheduler(
        solver_order=2, prediction_type="v_prediction", sigma_data=1.0, sigma_schedule="exponential"
    )
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*weight_norm", category=FutureWarning)  # diffusers' Oobleck
        vae = AutoencoderOobleck(
            encoder_hidden_size=6,
            downsampling_ratios=[2, 4, 8],  # hop 64
            decoder_channels=3,
            decoder_input_channels=3,
            audio_channels=2,  # stereo, as Stable Audio Open: the decoder must downmix
            channel_multiples=[1, 2, 2],
            sampling_rate=TINY_DIFFUSION_SAMPLE_RATE,
        )
    torch.manual_seed(seed)
    text_encoder = T5EncoderModel(
        T5Config(
            vocab_size=len(tokenizer),
            d_model=16,
            d_kv=4,
            d_ff=32,
            num_layers=1,
            num_heads=2,
            relative_attention_num_buckets=8,
            dropout_rate=0.0,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=tokenizer.pad_token_id,
        )
    )
    torch.manual_seed(seed)
    projection_model = StableAudioProjectionModel(
        text_encoder_dim=text_encoder.config.d_model, conditioning_dim=conditioning_dim, min_value=0, max_value=32
    )
    pipe = StableAudioPipeline(
        vae=vae,
        text_encoder=text_encoder,
        projection_model=projection_model,
        tokenizer=tokenizer,
        transformer=transformer,
        scheduler=scheduler,
    )
    pipe.save_pretrained(directory, safe_serialization=True)
    return directory


def _words() -> list[str]:
    words = set(_WORDS.split())
    for line in _corpus():
        words.update(line.lower().replace(",", " ").replace(":", " ").split())
    return sorted(words)


def build_tiny_audioldm2(directory: Path | str, *, seed: int = 0) -> Path:
    """Save a tiny `AudioLDM2Pipeline` (about 6 MB) into `directory` with `save_pretrained`; returns it.

    Sizes after diffusers' fast test (`tests/pipelines/audioldm2/test_audioldm2.py`), with a vocoder
    hop of 256 at 16 kHz (a 2.048 s clip is 128 mel frames, not 8192) and tokenizers made here: a
    byte-level `RobertaTokenizer` without merges for CLAP and a word-piece `T5Tokenizer` for T5 (the
    pipeline checks for those classes). The language model is a bare `GPT2Model`, as in the released
    AudioLDM 2 folders.
    """
    import torch
    from diffusers import (
        AudioLDM2Pipeline,
        AudioLDM2ProjectionModel,
        AudioLDM2UNet2DConditionModel,
        AutoencoderKL,
        DDIMScheduler,
    )
    from tokenizers import pre_tokenizers
    from transformers import (
        ClapAudioConfig,
        ClapConfig,
        ClapFeatureExtractor,
        ClapModel,
        ClapTextConfig,
        GPT2Config,
        GPT2Model,
        RobertaTokenizer,
        SpeechT5HifiGan,
        SpeechT5HifiGanConfig,
        T5Config,
        T5EncoderModel,
        T5Tokenizer,
    )

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    roberta_vocab = ["<s>", "<pad>", "</s>", "<unk>", "<mask>", *sorted(pre_tokenizers.ByteLevel.alphabet())]
    tokenizer = RobertaTokenizer(vocab={t: i for i, t in enumerate(roberta_vocab)}, merges=[], model_max_length=32)
    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -3.0)]
    pieces += [("\u2581" + w, -1.0) for w in _words()] + [(ch, -5.0) for ch in "abcdefghijklmnopqrstuvwxyz0123456789,.-'"]
    tokenizer_2 = T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=32)

    torch.manual_seed(seed)
    unet = AudioLDM2UNet2DConditionModel(
        block_out_channels=(8, 16), layers_per_block=1, sample_size=64, in_channels=4, out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=([None, 16, 32], [None, 16, 32]), norm_num_groups=4, attention_head_dim=4,
    )
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False,
                              set_alpha_to_one=False)
    torch.manual_seed(seed)
    vae = AutoencoderKL(block_out_channels=[8, 16], in_channels=1, out_channels=1,
                        down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2,
                        latent_channels=4, norm_num_groups=4)
    torch.manual_seed(seed)
    text_config = ClapTextConfig(bos_token_id=0, eos_token_id=2, pad_token_id=1, hidden_size=16, intermediate_size=37,
                                 num_attention_heads=2, num_hidden_layers=2, vocab_size=len(tokenizer),
                                 projection_dim=16, max_position_embeddings=40)
    audio_config = ClapAudioConfig(spec_size=64, window_size=4, num_mel_bins=64, intermediate_size=37, depths=[2, 2],
                                   num_attention_heads=[2, 2], num_hidden_layers=2, hidden_size=192, projection_dim=16,
                                   patch_size=2, patch_stride=2, patch_embed_input_channels=4)
    # transformers 5 dropped ClapConfig.from_text_audio_configs (diffusers' test still calls it).
    text_encoder = ClapModel(ClapConfig(text_config=text_config.to_dict(), audio_config=audio_config.to_dict(),
                                        projection_dim=16))
    torch.manual_seed(seed)
    text_encoder_2 = T5EncoderModel(T5Config(vocab_size=len(tokenizer_2), d_model=32, d_ff=37, d_kv=8, num_heads=2,
                                             num_layers=2, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0))
    torch.manual_seed(seed)
    language_model = GPT2Model(GPT2Config(n_embd=16, n_head=2, n_layer=2, vocab_size=8, n_positions=99,
                                          bos_token_id=0, eos_token_id=0))
    language_model.config.max_new_tokens = 8
    torch.manual_seed(seed)
    projection_model = AudioLDM2ProjectionModel(text_encoder_dim=16, text_encoder_1_dim=32, langauge_model_dim=16)
    torch.manual_seed(seed)
    vocoder = SpeechT5HifiGan(SpeechT5HifiGanConfig(
        model_in_dim=64, sampling_rate=TINY_DIFFUSION_SAMPLE_RATE, upsample_initial_channel=16,
        upsample_rates=[8, 8, 4], upsample_kernel_sizes=[16, 16, 8], resblock_kernel_sizes=[3, 7],
        resblock_dilation_sizes=[[1, 3, 5], [1, 3, 5]], normalize_before=False,
    ))
    pipe = AudioLDM2Pipeline(
        vae=vae, text_encoder=text_encoder, text_encoder_2=text_encoder_2, projection_model=projection_model,
        language_model=language_model, tokenizer=tokenizer, tokenizer_2=tokenizer_2,
        feature_extractor=ClapFeatureExtractor(hop_length=7900), unet=unet, scheduler=scheduler, vocoder=vocoder,
    )
    pipe.save_pretrained(directory, safe_serialization=True)
    return directory
