"""Ray actors: thin adapters that hold loaded models and do one chapter's work."""

from actors.mixer import Mixer
from actors.narrator import Narrator

__all__ = ["Mixer", "Narrator"]
