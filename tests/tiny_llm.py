"""A tiny random-weight causal LM laid out like a downloaded instruction-tuned model (tests; nothing fetched).

A two-layer Llama (hidden size 32) with a byte-level BPE tokenizer trained here with `tokenizers` on a
small corpus (the catalogue's labels and descriptions, JSON punctuation, the planner's vocabulary), so
any text encodes and decoding gives the text back. With `chat_template=True` the tokenizer carries a
simple chat template, as instruct models do. Random weights write garbage, which is the point: the
planner has to notice and fall back.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["build_tiny_causal_lm"]

EOS = "<|endoftext|>"
_SPECIALS = [EOS, "<|system|>", "<|user|>", "<|assistant|>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def _corpus() -> list[str]:
    from models.ambience.events import EMOTIONS, KINDS, catalogue

    example = [{"label": "Rain", "sentence": 0, "kind": "bed", "end_sentence": 2, "intensity": 0.5,
                "emotion": "calm", "cue": "rain", "description": "rain on the roof"}]
    lines = [json.dumps(example), "[]", "{}", ", ".join(EMOTIONS), ", ".join(KINDS),
             "Plan the sounds for the numbered sentences below. Answer with a JSON array of events.",
             "The rain fell on the old house and the wind howled while a dog barked in the night."]
    for c in catalogue().values():
        lines += [c.name, c.description]
    return lines


def build_tokenizer(*, chat_template: bool = True):  # type: ignore[no-untyped-def]
    """A byte-level BPE `PreTrainedTokenizerFast` (about 400 tokens) with end-of-text as eos and pad."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=_SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(_corpus(), trainer)
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=EOS, pad_token=EOS, bos_token=EOS,
                                      model_max_length=4096)
    if chat_template:
        wrapped.chat_template = CHAT_TEMPLATE
    return wrapped


def build_tiny_causal_lm(directory: Path | str, *, chat_template: bool = True, seed: int = 0) -> Path:
    """Save a tiny random Llama and its tokenizer into `directory` (`save_pretrained`); returns it."""
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(chat_template=chat_template)
    eos = tokenizer.convert_tokens_to_ids(EOS)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=eos,
        eos_token_id=eos,
        pad_token_id=eos,
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    # Instruct models ship sampling defaults; the planner must override them to decode greedily.
    model.generation_config = GenerationConfig(bos_token_id=eos, eos_token_id=eos, pad_token_id=eos,
                                               do_sample=True, temperature=0.7, top_p=0.9)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
