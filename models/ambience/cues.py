"""What the words of a story say literally about sound: cue patterns, figurative uses, scene changes, moods.

Each `Cue` maps a pattern (regex on lower-cased text, word-bounded) to a catalogue label and kind.
`human_verb` marks verbs that people do figuratively ("he thundered", "she barked an order"): such a
cue counts only when its subject is not a person. Figurative contexts (similes, idioms, "a storm of
protest") cancel a cue; `FIGURATIVE` lists them. Everything here is data a sound designer can extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CUES", "FIGURATIVE", "FIGURATIVE_AFTER", "HEARING", "HUMAN", "IDIOMS", "INTENSIFIERS", "MOODS",
           "SCENE_CHANGE", "SOFTENERS", "STOPS", "Cue"]


@dataclass(frozen=True)
class Cue:
    pattern: str
    label: str
    kind: str = "spot"
    intensity: float = 0.5
    human_verb: bool = False  # a verb people do figuratively: needs a non-human subject
    needs_agent: bool = False  # a verb that is a sound only when someone does it ("Imani ran"; not "a stain ran")
    after_cue_figurative: bool = True  # "storm of protest": an "of"-phrase after the cue can make it figurative

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + self.pattern + r")\b")


_C = Cue
CUES: tuple[Cue, ...] = (
    # weather
    _C(r"thunderstorms?|the storm broke|storm (?:had been building|broke|raged|burst)|electrical storm",
       "Thunderstorm", "bed", 0.7),
    _C(r"rain(?:s|ed|ing|fall|drops?)?|drizzl\w*|downpour|showers? of rain|pouring|sleet|the (?:sky|heavens) opened",
       "Rain", "bed"),
    _C(r"thunder(?:ed|ing|s|clap|claps)?|thunderclap", "Thunder", "spot", 0.7, human_verb=True),
    _C(r"wind(?:s)?|gales?|gusts?|breeze|blizzard|squalls?|(?:wind|gale) (?:howled|moaned|whistled|roared)", "Wind", "bed"),
    _C(r"leaves (?:rustled|stirred|whispered)|rustl(?:e|ed|ing) of leaves|rustling|(?:aspens|poplars|trees|branches|"
       r"boughs|pines) (?:whispering|whispered|rustled|sighed|stirred)", "Rustling leaves", "bed", 0.4),
    # water
    _C(r"(?:sea|ocean) (?:roared|crashed|pounded|rolled|surged|broke|boomed|hissed|heaved|murmured|was rising|ran high|"
       r"hurled|thundered|sighed|breathed)|(?:roar|sound|noise|boom|murmur) of the (?:sea|ocean|surf)|surf|breakers?|"
       r"(?:the|long|heavy|grey|gray) swell|seas broke|out at sea", "Ocean", "bed"),
    _C(r"waves?|tide (?:was )?coming in|water lap\w*|lap(?:ped|ping) against|slap of water", "Waves, surf", "bed"),
    _C(r"streams?|brooks?|rivulets?|creek|water (?:chattered|gurgled|babbled|burbled)|gurgl\w*|babbl\w*", "Stream", "bed", 0.4),
    _C(r"waterfalls?|cascade|falls roared|(?:white|long) fall", "Waterfall", "bed", 0.7),
    _C(r"splash(?:ed|es|ing)?|plopp?(?:ed|ing)?|splatter\w*", "Splash, splatter", "spot"),
    _C(r"drip(?:ped|ping|s)?|dripping", "Drip", "spot", 0.3),
    # fire
    _C(r"(?:fire|flames|blaze|embers|logs) (?:burned|burnt|crackled|roared|blazed|flickered|hissed|spat|glowed|caught|"
       r"popped|leapt|was lit|was burning|burning)|(?:by|before|at|round|around|beside|into) the (?:fire|campfire)|"
       r"(?:lit|built|made|stoked|fed|banked|laid|poked|tended) (?:up )?(?:a|the|his|her) fire|got a fire going|"
       r"(?:roaring|blazing|crackling|dying|log|coal|wood|peat) fire|bonfire|campfire|fire in the (?:grate|hearth)|"
       r"in the grate|(?:log|logs|wood|coal|another) (?:to|on|onto) the fire",
       "Fire", "bed", 0.4),
    _C(r"crackl\w*|spat and popped|popped and (?:hissed|spat)|sparks? (?:flew|cracked|popped)", "Crackle", "spot", 0.4),
    # people moving
    _C(r"footsteps?|footfalls?|(?:boots?|heels|feet|steps) (?:rang|crunched|clattered|echoed|sounded|thudded|on the (?:stairs|gravel|floor|boards))|tread", "Walk, footsteps", "spot"),
    _C(r"ran(?! (?:a|his|her|their) (?:hand|finger|fingers|eye|eyes|comb|thumb))|raced|sprinted|dashed|bolted|"
       r"running feet|pounded down the|broke into a run", "Run", "spot", 0.5, needs_agent=True),
    # doors
    _C(r"door (?:opened|closed|swung|clicked|banged|shut)|doors swung|opened the door|closed the door|latch clicked", "Door", "spot", 0.4),
    _C(r"slamm?(?:ed|ing|s)?|banged shut|shutter banged|banged", "Slam", "spot", 0.7),
    _C(r"knock(?:ed|ing|s)?|rapp(?:ed|ing)|raps? (?:on|at)|a knock|hammered on the door|pounded on the door|"
       r"tapp(?:ed|ing) (?:on|at) the (?:door|window|glass)", "Knock", "spot"),
    _C(r"creak(?:ed|ing|s|y)?|groan(?:ed|ing) (?:open|on its hinges)|hull groaned|timbers groan\w*|"
       r"boards? (?:always )?(?:complained|groaned|squeaked)|floorboards?", "Creak", "spot", 0.4),
    # vehicles
    _C(r"cars? (?:went|drove|passed|pulled|roared|sped|came|tore)|(?:ford|taxi|cab|lorry|truck|van|sedan|jeep) "
       r"(?:came|roared|sped|tore|drove|pulled)|tyres (?:hissing|hissed)|tires (?:hissing|hissed)|car door", "Car", "spot"),
    _C(r"ship's horn|foghorns?|steam whistle|locomotive's whistle|engine's whistle|whistle (?:shrieked|screamed)",
       "Steam whistle", "spot", 0.6),
    _C(r"(?:car |taxi |truck |lorry )?horns? (?:blared|honked|sounded|hooted)|honk(?:ed|ing)|hooted", "Vehicle horn, car horn, honking", "spot", 0.6),
    _C(r"skidd(?:ed|ing)|screech(?:ed|ing) of (?:tyres|tires|brakes)|brakes screeched|(?:tyres|tires|brakes) "
       r"(?:screech\w*|shriek\w*|squeal\w*|scream\w*)", "Skidding", "spot", 0.7),
    _C(r"engines?|motor (?:ran|roared|hummed)|tractor|outboard|idling|(?:drive|reactor|turbines?) "
       r"(?:throbbed|hummed|roared|whined)", "Engine", "bed"),
    _C(r"trains?|express pulled|tram|wheels clatter\w* over|(?:came|pulled|steamed) in under a pall of steam",
       "Train", "bed"),
    _C(r"(?:ship|boat|vessel|schooner|ketch|brig|she) (?:heeled|rolled|pitched|wallowed|staggered)|schooner|ketch|"
       r"rowing boat|oars (?:creaked|splashed|dipped)|sails? (?:flapped|cracked)|hove-to", "Boat, Water vehicle", "bed", 0.4),
    _C(r"aircraft|aeroplanes?|airplanes?|planes? (?:flew|droned|roared)|bombers?|droning overhead|helicopter", "Aircraft", "spot", 0.6),
    # animals
    _C(r"hooves|hoofbeats|clip-clop|clatter of hooves|hooves clattered|(?:trott\w*|clatter\w*) (?:over|on|across) "
       r"the cobbles", "Clip-clop", "spot"),
    _C(r"horses? (?:whinnied|neighed|snorted|shifted|stamped|blew)|whinn\w*|neigh(?:ed|ing|s)?|whicker\w*|"
       r"blew uneasily|(?:pony|ponies|mare|stallion|team) (?:snorted|whickered|whinnied|blowing)", "Horse", "spot"),
    _C(r"bark(?:ed|ing|s)|yapp?(?:ed|ing)?|a yap|woof", "Bark", "spot", human_verb=True),
    _C(r"dogs? (?:growled|whined|snarled|whimpered)", "Dog", "spot", human_verb=True),
    _C(r"howl(?:ed|ing|s)?|bay(?:ed|ing) at the moon|(?:coyote|wolf|wolves|hound) (?:lifted its voice|called|cried)",
       "Howl", "spot", 0.6, human_verb=True),
    _C(r"mew(?:ed|ing)?|meow\w*|miaow\w*|purr(?:ed|ing)", "Meow", "spot", 0.4, human_verb=True),
    _C(r"birds? (?:sang|were singing|singing|twittered|chirped)|birdsong|dawn chorus|song ?birds?|blackbird|thrush sang|larks?", "Bird vocalization, bird call, bird song", "bed", 0.4),
    _C(r"pigeons?|doves? (?:cooed|clattered)|wings clattered|flock of birds", "Bird", "bed", 0.4),
    _C(r"crows?(?= cawed| called)|caw(?:ed|ing)|rooks?|ravens? croaked", "Crow", "spot", 0.5),
    _C(r"owls?|hoot(?:ed|ing) of an owl", "Owl", "spot", 0.5, human_verb=True),
    _C(r"gulls?|seagulls?", "Gull, seagull", "spot"),
    _C(r"roosters?|cockerel|cock crowed|crowed", "Bird", "spot", 0.5, human_verb=True),
    _C(r"insects?|bees? (?:buzzed|hummed)|buzz(?:ed|ing) of (?:bees|flies|insects)|flies buzzed|mosquito\w*|cicadas?", "Insect", "bed", 0.4),
    _C(r"crickets?(?! team| match| bat)", "Cricket", "bed", 0.4),
    _C(r"frogs? (?:croaked|croaking)|croak(?:ed|ing) of frogs|bullfrogs?", "Frog", "bed", 0.4),
    # people
    _C(r"crowds? (?:roared|cheered|murmured|surged)|roar of the crowd|chamber erupted|mob|throng", "Crowd", "bed", 0.6),
    _C(r"chatter\w*|murmur of (?:conversation|voices)|hubbub|babble of voices|buzz of conversation", "Chatter", "bed", 0.4),
    _C(r"applau\w*|clapp(?:ed|ing)|ovation|cheered", "Applause", "spot", 0.6),
    _C(r"laugh(?:ed|ter|ing|s)?|burst of laughter|roaring with laughter|giggl\w*|guffaw\w*", "Laughter", "spot", 0.5),
    # bells, clocks, alarms
    _C(r"church bells?|bells? tolled|toll(?:ed|ing|s)?|chimes? of the church|knell|bells? in the (?:tower|steeple)",
       "Church bell", "spot", 0.6),
    _C(r"bells? (?:rang|clanged|clanging|jingled|tinkled|struck)|bell clanging|doorbell|bicycle bell|bell rang|"
       r"ship's bell", "Bell", "spot", 0.5),
    _C(r"clocks? (?:ticked|struck|chimed|began to strike|was ticking)|(?:clock|watch) ticked|ticking|tick-tock",
       "Clock", "bed", 0.4),
    _C(r"sirens?", "Siren", "spot", 0.7),
    _C(r"alarms? (?:began|went|rang|sounded|blared|whooped)|alarm bells?|klaxon", "Alarm", "spot", 0.7),
    _C(r"(?:tele)?phone rang|phone (?:began|started) to ring|ringing phone|telephone rang", "Telephone bell ringing", "spot", 0.6),
    # machines
    _C(r"machinery|machines? (?:hummed|clanked|whirred)|recyclers? hummed|generators?|gears? (?:ground|whirred)|"
       r"hummed on the edge|presses|clanking|looms", "Mechanisms", "bed", 0.4),
    _C(r"typ(?:ed|ing)(?: on)?|typewriters?|keyboards? clattered|underwoods", "Typing", "spot", 0.4),
    # weapons and impacts
    _C(r"gunshots?|gunfire|shots? (?:rang|cracked|fired|echoed)|a shot|came the shot|heard the shot|"
       r"fired (?:a|his|her|the|twice|again)|pistol cracked|rifle cracked", "Gunshot, gunfire", "spot", 0.8),
    _C(r"machine[- ]guns?", "Machine gun", "spot", 0.8),
    _C(r"explo(?:ded|sion|sions)|blasts?|bombs? (?:fell|burst|exploded)|shells? (?:burst|screamed|exploded)|"
       r"barrage began|detonat\w*", "Explosion", "spot", 0.9, human_verb=True),
    _C(r"glass(?:es)? (?:clinked|chinked)|clink(?:ed|ing)? of glass\w*|clink(?:ed|ing)?|tapped (?:his|her|a) "
       r"(?:wine )?glass", "Glass", "spot", 0.4),
    _C(r"shatter(?:ed|ing|s)?|smash(?:ed)? (?:into|to) pieces|burst into a thousand|into a thousand (?:glittering )?pieces|"
       r"sprayed glass", "Shatter", "spot", 0.7),
    _C(r"crash(?:ed|es|ing)?|smash(?:ed|ing)?|ploughed into|plowed into", "Smash, crash", "spot", 0.7),
    _C(r"thud(?:ded|s)?|thump(?:ed|s)?|gavel (?:came|fell|down)|landed with", "Thump, thud", "spot", 0.6),
    _C(r"whoosh\w*|swish(?:ed|ing)?|swoosh\w*|rush of air", "Whoosh, swoosh, swish", "spot", 0.5),
    _C(r"rumbl(?:e|ed|ing)|deep grinding", "Rumble", "bed", 0.6),
    _C(r"chopp(?:ed|ing) (?:wood|logs)|axe (?:bit|fell|rang|rose and fell)|splitting logs|woodcutter's axe",
       "Chop", "spot", 0.5),
)

# Words for people: a human-verb cue with one of these (or a name) just before it is figurative.
HUMAN = re.compile(
    r"\b(?:he|she|i|we|they|you|man|woman|men|women|boy|girl|voice|sergeant|captain|general|officer|father|mother|"
    r"uncle|aunt|teacher|master|boss|mate|colonel|major|corporal|lieutenant|sheriff|[A-Z][a-z]+)\s+(?:\w+ly\s+)?$"
)
# Contexts that make a nearby cue figurative: similes, idioms, abstract "of"-phrases.
FIGURATIVE: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:like|as if|as though|as)\s+(?:a|an|the|some)?\s*(?:\w+\s+){0,2}$",  # "...like a thunderbolt": cue follows
    r"\bthunderstruck\b",
))
FIGURATIVE_AFTER = re.compile(
    r"^\s*of\s+(?:\w+\s+)?(?:protest|criticism|abuse|words|memories|emotion|emotions|questions|ideas|tears|"
    r"feeling|feelings|grief|anger|rage|joy|love|hatred|insults|praise|nausea|relief|activity|letters|complaints)\b",
    re.IGNORECASE,
)
IDIOMS = re.compile(
    r"\b(?:stormy (?:relationship|marriage|one|meeting|affair)|storm (?:was )?brewing|a whirlwind|whirlwind of|"
    r"spread like wildfire|like wildfire|heart (?:pounded|hammered|thudded|thumped|raced)|silence roared|"
    r"temper was (?:explosive|a)|wave of (?:nausea|relief|fear|panic|emotion)|flood of|torrent of|"
    r"rained (?:blows|questions|them|insults|kisses)|fired (?:questions|off|a look|back)|shot a look|"
    r"exploded across|confidence shattered|dreams shattered|nerves shattered|went off like|lead balloon|"
    r"voice thundered|thundered (?:down|up|through|across)|barked (?:an order|orders|a command)|"
    r"crash course|market crashed|stormed (?:out|off|in|into)|in a tempest|tempest in|thoughts in a tempest|"
    r"bells? (?:rang|went off) in (?:his|her|my) head|ring a bell|rings a bell|knock(?:ed)? (?:some|it) off|"
    r"knocked (?:out|over)|knock-on|door to door|behind closed doors|fire (?:in her|in his) (?:eyes|belly)|"
    r"set the world on fire|caught fire with|on fire with|under fire|fired (?:him|her|them)|hold your fire|"
    r"crossfire|firing questions|laughing stock|no laughing matter|engine of|train of thought|"
    r"waves? of (?:grief|sadness|fear|relief|anger|heat|nausea)|sea of (?:faces|troubles)|ocean of|rain check|"
    r"the wind (?:out of|of change)|second wind|like clockwork|"
    r"like a (?:foghorn|dying goose)|crowd of cameras|explosive|"
    # common English idioms whose sound words are not sounds
    r"alarm bells?|rings? (?:a bell|true|hollow|false)|rang (?:true|hollow|false)|saved by the bell|bells and whistles|"
    r"sound (?:mind|advice|sleep|judgement|judgment)|deafening silence|thundering silence|steal (?:his|her|the) thunder|"
    r"stole (?:his|her|the) thunder|crash(?:ed)? (?:course|landing|diet)|crashed (?:out|on the (?:sofa|couch|bed)|the party)|"
    r"(?:market|markets|computer|system|server|shares|prices) (?:crashed|exploded)|blew up at|fired up|fire in (?:his|her|their) belly|"
    r"fuel to the fire|playing with fire|on fire tonight|fire away|ceasefire|firing line|fire sale|open-door|"
    r"at death's door|shut the door on|door to (?:success|opportunity)|knock-on|hard knocks|knocked back|knock on wood|"
    r"knocked (?:it|them|him|her) (?:dead|out)|barking up the wrong tree|bark is worse|cry wolf|wolf(?:ed)? down|"
    r"dog-tired|sick as a dog|storm in a teacup|weather(?:ed)? the storm|took (?:\w+ )?by storm|brainstorm\w*|"
    r"calm before the storm|whistle-?blower|blow the whistle|clean as a whistle|wet (?:his|her|your) whistle|"
    r"made waves|making waves|a wave of (?:his|her|the) hand|crack of dawn|cracked a (?:smile|joke|grin)|cracked the case|"
    r"shot (?:a|her|him|them) (?:glance|look)|shot (?:up|down) the (?:idea|proposal)|big shot|long shot|gave it a shot|"
    r"bombshell|had a blast|full blast|blast from the past|flooded with|clock is ticking|against the clock|"
    r"around the clock|round the clock|body clock|biological clock|turn back the clock|gravy train|glass ceiling|"
    r"wind(?:s|ing)? down|wind(?:s|ing)? up|got wind of|get wind of|caution to the wind|windfall|rain on (?:my|his|her|their) parade|"
    r"right as rain|come rain or shine|in (?:his|her|their) footsteps|population exploded|shattered the record|"
    r"roaring (?:trade|twenties|success)|howling success|siren (?:song|call)|screen siren|lock(?:ed)? horns|"
    r"horns of a dilemma|blow(?:ing)? (?:his|her|their) own (?:horn|trumpet)|night owl|as the crow flies|eat crow|"
    r"not cricket|cricket (?:match|bat|ball|pitch|team|club|ground)|bark of (?:the|a|an) (?:tree|birch|oak|pine)|"
    r"(?:birch|oak|tree|pine) bark|talk of the town|buzz(?:ing)? (?:about|with)|the buzz|hum of activity|hive of activity)\b",
    re.IGNORECASE,
)
# A new place or time: beds end here.
SCENE_CHANGE = re.compile(
    r"^(?:later|the next (?:morning|day|evening|night|week)|next (?:morning|day)|that (?:night|evening|afternoon)|"
    r"hours later|days later|weeks later|in the morning|by (?:morning|noon|nightfall|dawn|evening)|meanwhile|"
    r"inside|indoors|outside|back (?:at|in)|when (?:we|i|he|she|they) (?:reached|arrived|got|came)|"
    r"at (?:dawn|dusk|midnight|noon)|the following|years later|morning came|dawn came)\b",
    re.IGNORECASE,
)
# What stops a bed in the text itself.
STOPS = {
    "Rain": re.compile(r"\brain (?:had )?(?:stopped|ceased|eased|let up|cleared|died)\b|\bstopped raining\b"),
    "Wind": re.compile(r"\bwind (?:had )?(?:dropped|died|fell|eased|stilled)\b"),
    "Fire": re.compile(r"\bfire (?:had )?(?:died|went out|burned out)\b|\bembers (?:died|faded)\b"),
    "Thunderstorm": re.compile(r"\bstorm (?:had )?(?:passed|ended|blew over|died)\b"),
    "Engine": re.compile(r"\bengines? (?:died|stopped|cut out|fell silent)\b|\bkilled the engine\b|\bcut the engine\b"),
    "Crowd": re.compile(r"\b(?:crowd|noise) (?:had )?(?:dispersed|subsided|fell silent|died away)\b"),
    "Chatter": re.compile(r"\b(?:conversation|chatter|talk) (?:had )?(?:died|stopped|ceased)\b"),
    "Clock": re.compile(r"\bclock (?:had )?stopped\b"),
}
INTENSIFIERS = re.compile(
    r"\b(?:heavy|heavily|hard|lashed|lashing|violent\w*|deafening|great|tremendous|loud\w*|roar\w*|furious\w*|"
    r"torrents?|pounding|hammered|enormous|thunderous|bone-jarring|wild\w*|shrieked|screamed)\b")
SOFTENERS = re.compile(
    r"\b(?:faint\w*|distant|far (?:off|away)|soft\w*|gentl\w*|light\w*|quiet\w*|slight\w*|low|muffled|"
    r"somewhere|drizzl\w*|whisper\w*|small)\b")
# A sentence that speaks of hearing or sound: a semantic guess needs one of these.
HEARING = re.compile(
    r"\b(?:heard|hear|hearing|listen\w*|sound\w*|noise\w*|loud\w*|roar\w*|rang|ring\w*|echo\w*|din|racket|"
    r"clatter\w*|rattl\w*|hiss\w*|hum\w*|buzz\w*|whistl\w*|scream\w*|shriek\w*|wail\w*|moan\w*|groan\w*|"
    r"bang\w*|boom\w*|crack\w*|pop\w*|clang\w*|jingl\w*|tinkl\w*|patter\w*|drum\w*|hammer\w*|splutter\w*|"
    r"cough\w*|rustl\w*|whin\w*|squeal\w*|squeak\w*)\b")
MOODS: dict[str, re.Pattern[str]] = {
    "fear": re.compile(r"\b(?:afraid|fear\w*|terror|terrified|dread\w*|horror|panic\w*|scream\w*|trembl\w*|ghost\w*|something)\b"),
    "tension": re.compile(r"\b(?:suddenly|crept|creep\w*|held (?:his|her|their|my) breath|danger\w*|pistol|gun|knife|waited|silen\w*|watch\w*|shadow\w*)\b"),
    "joy": re.compile(r"\b(?:laugh\w*|smil\w*|happy|happi\w*|delight\w*|joy\w*|grinn\w*|cheer\w*|merry|danc\w*)\b"),
    "sorrow": re.compile(r"\b(?:wept|weep\w*|tears?|grief|griev\w*|mourn\w*|sorrow\w*|died|dead|funeral|sigh\w*|alone)\b"),
    "anger": re.compile(r"\b(?:angr\w*|rage|furious\w*|shout\w*|snarl\w*|glar\w*|temper)\b"),
    "calm": re.compile(r"\b(?:quiet\w*|peace\w*|calm\w*|gentl\w*|still|slow\w*|soft\w*|dawn|morning|sleep\w*)\b"),
    "wonder": re.compile(r"\b(?:wonder\w*|marvel\w*|astonish\w*|glitter\w*|magic\w*|stars?)\b"),
}

# Short sentences of each sound as a writer might put it: what MiniLM compares a clause with, to find
# sounds the cue patterns do not name ("the heavens opened", "a gun spoke twice").
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "Rain": ("rain fell steadily", "the heavens opened and water poured down", "rain drummed on the roof"),
    "Raindrop": ("a single drop of rain fell", "raindrops pattered on the leaves"),
    "Thunderstorm": ("a thunderstorm broke overhead", "the storm raged with thunder and rain"),
    "Thunder": ("thunder rolled across the sky", "a crack of thunder overhead"),
    "Wind": ("the wind howled around the house", "a gale blew through the trees", "the wind moaned"),
    "Rustling leaves": ("leaves rustled in the breeze", "the trees whispered in the wind"),
    "Ocean": ("the sea roared against the shore", "the ocean swell rolled endlessly"),
    "Waves, surf": ("waves broke on the beach", "surf pounded the rocks", "water lapped against the pier"),
    "Stream": ("a brook ran over the stones", "the river rushed over the rocks"),
    "Waterfall": ("the waterfall thundered into the pool", "water fell roaring from the cliff"),
    "Splash, splatter": ("something splashed into the water", "a stone plopped into the pond"),
    "Drip": ("water dripped slowly from the ceiling", "a tap dripped in the dark"),
    "Fire": ("the fire roared in the hearth", "flames crackled in the fireplace", "the campfire burned"),
    "Crackle": ("the burning wood popped and crackled", "sparks snapped from the logs"),
    "Walk, footsteps": ("footsteps came slowly along the corridor", "someone walked across the floor above"),
    "Run": ("he ran as fast as he could", "feet pounded as they sprinted away"),
    "Door": ("the door opened and closed", "the door swung open on its hinges"),
    "Slam": ("the door slammed shut", "she banged the door behind her"),
    "Knock": ("someone knocked at the door", "three raps sounded on the door"),
    "Creak": ("the floorboards creaked", "the old stairs groaned under his weight"),
    "Car": ("a car drove past", "the car roared away down the street"),
    "Vehicle horn, car horn, honking": ("a car horn honked", "drivers leaned on their horns"),
    "Skidding": ("tyres screeched as the car skidded", "brakes shrieked on the wet road"),
    "Engine": ("the engine roared into life", "the motor throbbed steadily"),
    "Train": ("the train rattled over the rails", "the locomotive steamed into the station"),
    "Boat, Water vehicle": ("the boat rolled in the swell", "the ship creaked as she heeled over"),
    "Aircraft": ("an aeroplane droned overhead", "planes roared across the sky"),
    "Horse": ("the horse whinnied and snorted", "a horse neighed in the stable"),
    "Clip-clop": ("hooves clattered on the cobbles", "a horse trotted along the road"),
    "Dog": ("the dog growled and whined",),
    "Bark": ("a dog barked in the distance", "the hound began to bay"),
    "Howl": ("a wolf howled at the moon", "coyotes howled out on the plain"),
    "Cat": ("a cat yowled in the alley",),
    "Meow": ("the cat mewed", "a kitten mewled for its mother"),
    "Bird": ("birds flapped up from the trees", "pigeons clattered off the ledge"),
    "Bird vocalization, bird call, bird song": ("birds sang in the trees", "a blackbird sang at dawn"),
    "Crow": ("a crow cawed from the branch", "rooks called harshly"),
    "Owl": ("an owl hooted in the night",),
    "Gull, seagull": ("gulls cried over the harbour", "seagulls screamed overhead"),
    "Insect": ("bees buzzed among the flowers", "flies droned in the heat"),
    "Cricket": ("crickets chirped in the grass",),
    "Frog": ("frogs croaked in the pond",),
    "Crowd": ("the crowd roared", "a great throng of people shouted and surged"),
    "Chatter": ("people chattered in the background", "the murmur of conversation filled the room"),
    "Applause": ("the audience applauded", "clapping broke out across the hall"),
    "Laughter": ("everyone burst out laughing", "a ripple of laughter ran round the table"),
    "Church bell": ("the church bell tolled", "bells pealed from the steeple"),
    "Bell": ("a bell rang", "the ship's bell struck"),
    "Clock": ("a clock ticked on the mantelpiece", "the grandfather clock struck the hour"),
    "Tick-tock": ("the clock went tick-tock", "the steady ticking of a clock"),
    "Siren": ("a siren wailed in the street", "police sirens screamed"),
    "Alarm": ("an alarm went off", "the alarms blared"),
    "Telephone bell ringing": ("the telephone rang", "the phone began to ring"),
    "Steam whistle": ("the ship's horn sounded", "the steam whistle shrieked"),
    "Mechanisms": ("machinery clanked and whirred", "the great presses thundered below"),
    "Typing": ("typewriters clattered", "she was typing on a keyboard"),
    "Gunshot, gunfire": ("a shot rang out", "a gun went off", "rifles cracked"),
    "Machine gun": ("a machine gun rattled", "bursts of automatic fire stuttered"),
    "Explosion": ("a bomb exploded", "the shell burst with a deafening blast"),
    "Glass": ("glasses clinked", "she tapped the glass with a spoon"),
    "Shatter": ("the window shattered", "the glass smashed into pieces"),
    "Smash, crash": ("there was a tremendous crash", "the car crashed into the wall"),
    "Thump, thud": ("something fell with a heavy thud", "a dull thump from upstairs"),
    "Whoosh, swoosh, swish": ("something rushed past with a whoosh", "a swish of air"),
    "Rumble": ("a deep rumble shook the ground", "distant guns rumbled all night"),
    "Chop": ("the axe bit into the wood", "he chopped logs for the fire"),
}

# A sound source and a verb of sound near each other name a sound even when no cue pattern does:
# "a gun spoke twice", "the old stair complained", "the kettle began to shriek". The label comes from
# the source; the verb only says that the source was heard.
SOURCES: tuple[tuple[str, str], ...] = (
    (r"guns?|rifles?|pistols?|revolvers?|muskets?|carbines?|shotguns?|colts?|winchesters?", "Gunshot, gunfire"),
    (r"machine[- ]guns?|maxims?|brens?|gatlings?|automatic weapons?", "Machine gun"),
    (r"cannons?|artillery|howitzers?|mortars?|shells?|bombs?|grenades?|mines?|charges?", "Explosion"),
    (r"church bells?|bells? in the (?:tower|steeple)|steeple|belfry|carillon", "Church bell"),
    (r"bells?|handbells?|doorbells?|chimes?|gongs?", "Bell"),
    (r"clocks?|grandfather clock|pocket ?watch|watch", "Clock"),
    (r"kettles?|whistles?|foghorns?|funnels?|steamers?|tugs?|liners?", "Steam whistle"),
    (r"klaxons?|alarms?|buzzers?", "Alarm"),
    (r"sirens?|ambulances?|fire engines?|police cars?", "Siren"),
    (r"telephones?|phones?", "Telephone bell ringing"),
    (r"horns?|hooters?", "Vehicle horn, car horn, honking"),
    (r"stairs?|staircase|steps|floorboards?|boards|hinges?|rocking chair|timbers?|beams?|gate", "Creak"),
    (r"doors?|shutters?|lids?|gates?|trapdoors?", "Door"),
    (r"engines?|motors?|outboards?|turbines?|generators?|tractors?|motorbikes?|motorcycles?", "Engine"),
    (r"cars?|lorr(?:y|ies)|trucks?|vans?|taxis?|cabs?|buses|bus|jeeps?|sedans?", "Car"),
    (r"tyres?|tires?|brakes", "Skidding"),
    (r"trains?|locomotives?|express|carriages|trams?|rails", "Train"),
    (r"planes?|aeroplanes?|airplanes?|aircraft|bombers?|fighters?|jets?|helicopters?|zeppelins?", "Aircraft"),
    (r"hooves|hoofs|horses?|ponies|pony|mares?|stallions?|mules?|cart-horses?", "Clip-clop"),
    (r"dogs?|hounds?|terriers?|puppies|puppy|mastiffs?|curs?|spaniels?|collies?|sheepdogs?", "Bark"),
    (r"wolf|wolves|coyotes?|jackals?", "Howl"),
    (r"cats?|kittens?|tomcats?", "Meow"),
    (r"owls?", "Owl"),
    (r"crows?|rooks?|ravens?|magpies?|jackdaws?", "Crow"),
    (r"gulls?|seagulls?|kittiwakes?", "Gull, seagull"),
    (r"blackbirds?|thrush(?:es)?|larks?|robins?|wrens?|nightingales?|songbirds?|finch(?:es)?|warblers?|sparrows?", "Bird vocalization, bird call, bird song"),
    (r"pigeons?|doves?|starlings?|birds?|flock", "Bird"),
    (r"frogs?|toads?|bullfrogs?", "Frog"),
    (r"crickets?|cicadas?|grasshoppers?", "Cricket"),
    (r"bees?|wasps?|flies|mosquitoes|gnats|hornets?", "Insect"),
    (r"crowds?|throngs?|mobs?|multitudes?|spectators|the audience", "Crowd"),
    (r"typewriters?|keyboards?|keys", "Typing"),
    (r"machines?|machinery|presses|looms|mills?|pistons?|pumps?|gears?|cogs", "Mechanisms"),
    (r"axes?|hatchets?|cleavers?", "Chop"),
    (r"waterfalls?|cataracts?|falls", "Waterfall"),
    (r"streams?|brooks?|creeks?|burns?|becks?|rills?|rivers?", "Stream"),
    (r"surf|breakers|waves?|rollers", "Waves, surf"),
    (r"sea|ocean|swell", "Ocean"),
    (r"thunder", "Thunder"),
    (r"wind|gale|gusts?|blasts? of air", "Wind"),
    (r"rain|downpour|drizzle|hail", "Rain"),
    (r"fire|flames|logs|embers|hearth|blaze", "Fire"),
    (r"glass(?:es)?|goblets?|decanters?|tumblers?|crystal|windows?|panes?|mirrors?|bottles?", "Glass"),
)
SOUND_VERBS = re.compile(
    r"\b(?:spoke|speaks?|bark(?:s|ed|ing)?|crack(?:s|ed|ing|le|led|ling)?|rang|rings?|ringing|toll(?:s|ed|ing)?|"
    r"told the hour|struck (?:the hour|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|midnight|noon)|"
    r"chim(?:e|es|ed|ing)|peal(?:s|ed|ing)?|clang(?:s|ed|ing)?|clank(?:s|ed|ing)?|rattl(?:e|es|ed|ing)|"
    r"clatter(?:s|ed|ing)?|roar(?:s|ed|ing)?|rumbl(?:e|es|ed|ing)|growl(?:s|ed|ing)?|whin(?:e|es|ed|ing)|"
    r"whimper(?:s|ed|ing)?|yelp(?:s|ed|ing)?|yowl(?:s|ed|ing)?|howl(?:s|ed|ing)?|scream(?:s|ed|ing)?|"
    r"shriek(?:s|ed|ing)?|screech(?:es|ed|ing)?|squeal(?:s|ed|ing)?|squeak(?:s|ed|ing)?|creak(?:s|ed|ing)?|"
    r"groan(?:s|ed|ing)?|complain(?:s|ed|ing)|protest(?:ed|ing)|moan(?:s|ed|ing)?|whistl(?:e|es|ed|ing)|"
    r"hoot(?:s|ed|ing)?|honk(?:s|ed|ing)?|blar(?:e|es|ed|ing)|whoop(?:s|ed|ing)?|wail(?:s|ed|ing)?|"
    r"buzz(?:es|ed|ing)?|hum(?:s|med|ming)?|dron(?:e|es|ed|ing)|whirr(?:s|ed|ing)?|throb(?:s|bed|bing)?|"
    r"thrum(?:s|med|ming)?|purr(?:s|ed|ing)?|chatter(?:s|ed|ing)?|babbl(?:e|es|ed|ing)|gurgl(?:e|es|ed|ing)|"
    r"murmur(?:s|ed|ing)?|hiss(?:es|ed|ing)?|spat|pop(?:s|ped|ping)?|snapp(?:ed|ing)|bang(?:s|ed|ing)?|"
    r"boom(?:s|ed|ing)?|thunder(?:s|ed|ing)?|thud(?:s|ded|ding)?|thump(?:s|ed|ing)?|knock(?:s|ed|ing)?|"
    r"rapp(?:ed|ing)|crash(?:es|ed|ing)?|smash(?:es|ed|ing)?|shatter(?:s|ed|ing)?|tinkl(?:e|es|ed|ing)|"
    r"jingl(?:e|es|ed|ing)|clink(?:s|ed|ing)?|chirp(?:s|ed|ing)?|cheep(?:s|ed|ing)?|twitter(?:s|ed|ing)?|"
    r"trill(?:s|ed|ing)?|sang|sings?|singing|cried|cries|crying|caw(?:s|ed|ing)?|croak(?:s|ed|ing)?|"
    r"cluck(?:s|ed|ing)?|bellow(?:s|ed|ing)?|bay(?:s|ed|ing)|neigh(?:s|ed|ing)?|snort(?:s|ed|ing)?|"
    r"clop(?:s|ped|ping)?|echo(?:es|ed|ing)?|stutter(?:s|ed|ing)?|stitch(?:es|ed|ing)|splutter(?:s|ed|ing)?|"
    r"chorus|went off|opened up|let fly|fired)\b",
    re.IGNORECASE)
