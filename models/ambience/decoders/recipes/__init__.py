"""The procedural decoder's recipes, one per catalogue class, registered by name in `RECIPES`."""

from __future__ import annotations

# Importing a recipe module registers its recipes.
from models.ambience.decoders.recipes import (  # noqa: F401
    creatures,
    elements,
    impacts,
    people,
    signals,
    things,
)
from models.ambience.decoders.recipes.base import RECIPES, Recipe

__all__ = ["RECIPES", "Recipe"]
