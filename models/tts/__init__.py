"""Text-to-speech engines behind one small interface."""

from models.tts.base import Engine, EngineSpec, Utterance, build_engine

__all__ = ["Engine", "EngineSpec", "Utterance", "build_engine"]
