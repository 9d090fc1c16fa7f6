"""The procedural decoder's recipes, one per catalogue class, registered by name in `RECIPES`.

- `elements`: rain, raindrops, thunder and storms, wind, leaves, sea and surf, streams, waterfalls,
  splashes, drips, fire and crackle;
- `creatures`: dogs, cats, horses, birds (songbirds, crows, owls, gulls), insects, crickets, frogs;
- `people`: crowds and chatter, applause, laughter, footsteps;
- `things`: doors, slams, knocks, creaks, cars, horns, skids, engines, trains, boats, aircraft;
- `signals`: church bells and bells, clocks, sirens, alarm and telephone bells, steam whistles,
  machinery, typing;
- `impacts`: gunshots, explosions, glass, crashes, thuds, whooshes, rumble, chopping.

Each `Recipe` names its synthesis family (``RECIPES[name].family``); the shared blocks are in `synth`.
"""

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
