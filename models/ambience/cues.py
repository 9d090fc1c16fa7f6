"""What the words of a story say literally about sound: cue patterns, figurative uses, scene changes, moods.

Each `Cue` maps a pattern (regex on lower-cased text, word-bounded) to a catalogue label and kind.
`human_verb` marks verbs that people do figuratively ("he thundered", "she barked an order"): such a
cue counts only when its subject is not a person. Figurative contexts (similes, idioms, "a storm of
protest") cancel a cue; `FIGURATIVE` lists them. Each `Pairing` lists the sources of one class and the
verbs they sound with ("hooves rang", "the engine coughed"), inflected by `verb_forms`/`noun_forms`, some
only in a scene (a railway's carriages, a mill's rollers); each `Contact` the blows or uses that sound a
thing ("struck the door"); `EFFECTS` and `IMPLIED` what a loud sound does to things and which scenes
say whose it is. Everything here is data a sound designer can extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["BRANDS", "CONTACTS", "CUES", "EFFECTS", "FIGURATIVE", "FIGURATIVE_AFTER", "HEARING", "HUMAN", "IDIOMS",
           "IMPLIED", "INTENSIFIERS", "MOODS", "NOISES", "PAIRINGS", "PERSON_NOUNS", "PROTOTYPES", "RESOUNDING",
           "SCENE_CHANGE", "SOFTENERS", "SOUND_NOUNS", "SOUND_VERBS", "SOURCES", "STOPS", "Contact", "Cue", "Pairing",
           "noun_forms", "verb_forms"]


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
    # lightning and then a crack, a clap, a boom: the thunder that follows it
    _C(r"lightning\b[^.;]{0,80}?\b(?:crack|clap|boom|crash|bang|roar|rumble)\w*", "Thunder", "spot", 0.7),
    _C(r"wind(?:s)?(?! ?chimes?)|gales?|(?:storm|blizzard|weather|gale) (?:battered|buffeted|lashed|shook|pounded|"
       r"tore at|rattled|hammered|beat against)|gusts?|breeze|blizzard|squalls?|(?:wind|gale) (?:howled|moaned|"
       r"whistled|roared)", "Wind", "bed"),
    _C(r"leaves (?:rustled|stirred|whispered)|rustl(?:e|ed|ing) of leaves|rustling|(?:aspens|poplars|trees|branches|"
       r"boughs|pines) (?:whispering|whispered|rustled|sighed|stirred)", "Rustling leaves", "bed", 0.4),
    # water
    _C(r"(?:sea|ocean) (?:roared|crashed|pounded|rolled|surged|broke|boomed|hissed|heaved|murmured|was rising|ran high|"
       r"hurled|thundered|sighed|breathed)|(?:roar|sound|noise|boom|murmur) of the (?:sea|ocean|surf)|surf|breakers?|"
       r"(?:the|long|heavy|grey|gray) swell|seas broke|out at sea|(?:sea|waves|surf|swell|breakers|tide) (?:threw|"
       r"flung|hurled|dashed|beat|broke|pounded|boomed|smashed|crashed|battered) (?:itself |themselves )?(?:at|"
       r"against|on|upon|over|into) the (?:rocks|shore|cliffs?|beach|sea ?wall|harbou?r wall|breakwater|hull|jetty|"
       r"pier|shingle)|(?:hear|heard|hearing|listen(?:ed|ing)? to) "
       r"the (?:sea|ocean|surf)", "Ocean", "bed"),
    _C(r"waves?(?! of (?!(?:the )?(?:sea|ocean|surf|water)\b))|tide (?:was )?coming in|water lap\w*|lap(?:ped|"
       r"ping) against|slap of water", "Waves, surf", "bed"),
    _C(r"streams?|brooks?|rivulets?|creek|(?:sound|noise|trickle|rush) of (?:running|rushing|flowing) water|"
       r"rushing water|"
       r"water (?:rushed|tumbled|poured) (?:over|down|through)|water (?:chattered|gurgled|babbled|burbled)|gurgl\w*|"
       r"babbl\w*", "Stream", "bed", 0.4),
    _C(r"waterfalls?|cascade|falls roared|(?:white|long) fall", "Waterfall", "bed", 0.7),
    _C(r"splash(?:ed|es|ing)?|plopp?(?:ed|ing)?|splatter\w*", "Splash, splatter", "spot"),
    _C(r"drip(?:ped|ping|s)?|dripping|dribbl(?:ed|ing|es)", "Drip", "spot", 0.3),
    # fire
    _C(r"(?:fire|flames|blaze|embers|logs) (?:burned|burnt|crackled|roared|blazed|flickered|hissed|spat|glowed|caught|"
       r"popped|leapt|was lit|was burning|burning)|(?:by|before|at|round|around|beside|into) the (?:fire|campfire)|"
       r"(?:lit|built|made|stoked|fed|banked|laid|poked|tended) (?:up )?(?:a|the|his|her) fire|got a fire going|"
       r"(?:roaring|blazing|crackling|dying|log|coal|wood|peat) fire|bonfire|campfire|fire in the (?:grate|hearth)|"
       r"in the grate|(?:log|logs|wood|coal|another) (?:to|on|onto) the fire",
       "Fire", "bed", 0.4),
    _C(r"crackl\w*|spat and popped|popped and (?:hissed|spat)|sparks? (?:flew|cracked|popped)", "Crackle", "spot", 0.4),
    # people moving
    _C(r"footsteps?|footfalls?|(?:boots?|heels|feet|steps) (?:rang|crunched|clattered|echoed|sounded|thudded|"
       r"on the (?:stairs|gravel|floor|boards))|(?<!every )(?<!each )(?<!stair )tread(?!s? (?:groan|creak|complain|"
       r"squeak|protest))|pac(?:ed|ing) (?:back and forth|up and down|to and fro|the (?:floor|room|corridor|deck|"
       r"landing|boards|cell|platform))|(?:the|his|her|their) pacing|(?:taking|took|take) the (?:stairs|"
       r"steps) (?:two|three) at a time",
       "Walk, footsteps", "spot"),
    _C(r"ran(?! (?:a|his|her|their) (?:hand|finger|fingers|eye|eyes|comb|thumb))|raced|sprinted|dashed|bolted|"
       r"running feet|pounded down the|broke into a run", "Run", "spot", 0.5, needs_agent=True),
    # doors
    _C(r"door (?:opened|closed|swung|clicked|banged|shut)|doors swung|opened the door|closed the door|latch clicked|"
       r"(?:pushed|shoved|barged|burst) (?:back )?(?:in |out )?through the (?:swing |revolving |double |saloon |"
       r"batwing |glass )?"
       r"doors?|(?:came|went|walked|stepped) (?:in |out )?through the (?:swing |revolving |saloon |batwing )doors?|"
       r"doors? (?:hissed|slid) (?:open|shut)", "Door", "spot", 0.4),
    _C(r"slamm?(?:ed|ing|s)?(?! into| down (?:\w+ )?gavel)|banged shut|shutter banged|"
       r"banged(?! into| (?:\w+ )?gavel| on| at| upon| against)",
       "Slam", "spot", 0.7),
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
    _C(r"(?<!fire )(?<!steam )engines?(?! drivers?| sheds?| numbers?| oil)|motor (?:ran|roared|hummed)|tractor|"
       r"outboard|idling|(?:lawn ?)?mowers?|chainsaws?|(?:coughed|spluttered|sputtered|roared|rumbled|shuddered|"
       r"grumbled|growled|"
       r"clattered) (?:in)?to life|strimmers?|leaf ?blowers?|hedge ?trimmers?|"
       r"(?:turned|turning|turns) (?:the key in )?the ignition|started (?:up )?the (?:car|engine|van|truck|lorry|motor|"
       r"tractor|motorbike|jeep|generator|outboard)|(?:fired|revved) up the|(?:drive|reactor|turbines?) "
       r"(?:throbbed|hummed|roared|whined)", "Engine", "bed"),
    _C(r"trains?(?! (?:timetables?|tickets?|fares?|sets?|times|journeys?|strikes?|spotters?|drivers?|stations?))|"
       r"express pulled|tram|wheels clatter\w* over|(?:came|pulled|steamed) in under a pall of steam|"
       r"(?:over|across) the points|clickety-clack|(?:rails|sleepers) (?:clicked|sang|hummed|clacked)",
       "Train", "bed"),
    _C(r"(?:ship|boat|vessel|schooner|ketch|brig|she) (?:heeled|rolled|pitched|wallowed|staggered)|schooner|ketch|"
       r"rowing boat|oars (?:creaked|splashed|dipped)|sails? (?:flapped|cracked)|hove-to", "Boat, Water vehicle", "bed", 0.4),
    _C(r"aircraft|aeroplanes?|airplanes?|planes? (?:flew|droned|roared)|bombers?|droning overhead|helicopter", "Aircraft", "spot", 0.6),
    # animals
    _C(r"hooves|hoofbeats|clip-clop|clatter of hooves|hooves clattered|(?:trott\w*|clatter\w*) (?:over|on|across) "
       r"the cobbles", "Clip-clop", "spot"),
    _C(r"gallop(?:ed|ing|s)?(?! (?:inflation|consumption|through (?:the|his|her|their) (?:speech|work|book|lines)))|"
       r"cantere?d?|cantering|(?:broke|break|breaking|broken) into a (?:gallop|canter|trot)|at a (?:gallop|canter|"
       r"hand-gallop|brisk trot|smart trot)", "Clip-clop", "spot"),
    _C(r"horses? (?:whinnied|neighed|snorted|shifted|stamped|blew)|whinn\w*|neigh(?:ed|ing|s)?|whicker\w*|"
       r"blew uneasily|(?:pony|ponies|mare|stallion|team) (?:snorted|whickered|whinnied|blowing)", "Horse", "spot"),
    _C(r"bark(?:ed|ing|s)|yapp?(?:ed|ing)?|a yap|woof|yelp(?:ed|ing|s)?", "Bark", "spot", human_verb=True),
    _C(r"dogs? (?:growled|whined|snarled|whimpered)", "Dog", "spot", human_verb=True),
    _C(r"howl(?:ed|ing|s)?|bay(?:ed|ing) at the moon|(?:coyote|wolf|wolves|hound) (?:lifted its voice|called|cried)",
       "Howl", "spot", 0.6, human_verb=True),
    _C(r"mew(?:ed|ing)?|meow\w*|miaow\w*|purr(?:ed|ing)", "Meow", "spot", 0.4, human_verb=True),
    _C(r"birds? (?:sang|were singing|singing|twittered|chirped)|birdsong|dawn chorus|song ?birds?|blackbird|thrush sang|larks?", "Bird vocalization, bird call, bird song", "bed", 0.4),
    _C(r"pigeons?|doves? (?:cooed|clattered)|wings clattered|flock of birds|"
       r"(?:geese|ducks?) (?:honked|quacked|cackled|called)|quack(?:ed|ing)|coo(?:ed|ing)", "Bird", "bed", 0.4),
    _C(r"crows?(?= cawed| called)|caw(?:ed|ing)|rooks?|ravens? croaked", "Crow", "spot", 0.5),
    _C(r"owls?|hoot(?:ed|ing) of an owl", "Owl", "spot", 0.5, human_verb=True),
    _C(r"gulls?|seagulls?", "Gull, seagull", "spot"),
    _C(r"roosters?|cockerels?|cock crowed|cock-?crow", "Bird", "spot", 0.5),
    _C(r"crowed", "Bird", "spot", 0.5, human_verb=True),
    _C(r"insects?|bees? (?:buzzed|hummed)|buzz(?:ed|ing) of (?:bees|flies|insects)|flies buzzed|mosquito\w*|cicadas?|"
       r"katydids?|grasshoppers?|locusts?|hornets?|gnats|midges|bumble-?bees?|bees (?:in|among|droned|buzzing|"
       r"humming)|(?:hum|drone|whine) of (?:bees|insects|flies|gnats|mosquitoes)", "Insect", "bed", 0.4),
    _C(r"crickets?(?! team| match| bat)", "Cricket", "bed", 0.4),
    _C(r"frogs? (?:croaked|croaking)|croak(?:ed|ing) of frogs|bullfrogs?", "Frog", "bed", 0.4),
    # people
    _C(r"crowds? (?:roared|cheered|murmured|surged)|roar of the crowd|chamber erupted|mob|throng|"
       r"(?:roaring|heaving|surging|seething|shouting|milling|jostling) (?:sea|mass|tide|press|crush) of "
       r"(?:humanity|people|bodies)", "Crowd", "bed", 0.6),
    # a place full of people: the crowd is the scene's bed ("the departure lounge was packed")
    _C(r"(?:hall|room|lounge|bar|pub|church|chapel|stadium|square|market(?:place| square)?|station|platform|"
       r"concourse|terminal|hut|tavern|inn|saloon|ballroom|theatre|theater|courtroom|restaurant|café|cafe|canteen|"
       r"streets?|arena|carriage|tent|marquee|auditorium|gallery|ward|corridors?)(?: (?:at|of|in) (?:the |a )?\w+)? "
       r"(?:was|were) "
       r"(?:already |still |completely |so |too )?"
       r"(?:(?:packed|crowded|thronged|heaving|bustling|teeming|jammed)(?! with| of| up| away| in)|"
       r"(?:packed|crowded|crammed|jammed|full|thick|filled|alive|heaving|teeming|thronged) (?:with|of) "
       r"(?:people|\w+ers|\w+ists|men|women|children|soldiers|students|pilgrims|villagers|guests|visitors|families)|"
       r"full (?:for|that|tonight|to bursting|to the rafters))|"
       r"(?:a|the) crowds? of (?:\w+ )?(?:people|children|schoolchildren|\w+ers|tourists|students|spectators|"
       r"onlookers|fans|pilgrims|refugees|villagers|soldiers|men|women)|hawkers|cried (?:their|his|her) wares|"
       r"(?:hall|house|stadium|ground|arena|crowd|audience|theatre|theater|gallery|stands) (?:was|were|came|rose) "
       r"(?:up )?(?:on|to) (?:its|their) feet",
       "Crowd", "bed", 0.5),
    _C(r"chatter\w*|murmur of (?:conversation|voices)|hubbub|babble of voices|buzz of conversation|"
       r"voices (?:and laughter )?(?:filled|rose|drifted|carried|murmured|babbled)|(?:hum|buzz|murmur|babble|din|"
       r"clamou?r) of (?:voices|talk|conversation)|(?:loud|noisy|alive|thick|full|rowdy|raucous) with "
       r"(?:[\w-]+ )?(?:talk|voices|chatter|conversation|people|guests|students|regulars|\w+ers)",
       "Chatter", "bed", 0.4),
    _C(r"applau\w*|clapp(?:ed|ing)|ovation|cheered", "Applause", "spot", 0.6),
    _C(r"laugh(?:ed|ter|ing|s)?|burst of laughter|roaring with laughter|giggl\w*|guffaw\w*", "Laughter", "spot", 0.5),
    # bells, clocks, alarms
    _C(r"church bells?|bells? tolled|toll(?:ed|ing|s)?|chimes? of the church|knell|bells? in the (?:tower|steeple)|"
       r"peal(?:s|ed|ing)?(?! of (?:laughter|thunder|giggles|mirth))|belfry|carillon|angelus|bells? of (?:st\.?|saint) \w+|"
       r"bells? (?:for|of) (?:evensong|mass|matins|vespers|compline|the service|church|chapel|the angelus)",
       "Church bell", "spot", 0.6),
    _C(r"bells? (?:rang|clanged|clanging|jingled|tinkled|struck)|bell clanging|doorbell|bicycle bell|bell rang|"
       r"ship's bell|ding(?:ed|s)?(?! in (?:the|his|her|my|its|your) )|ting(?:ed)?|wind ?chimes?|chimes? (?:tinkled|"
       r"rang|sounded|jingled)",
       "Bell", "spot", 0.5),
    _C(r"clocks? (?:ticked|struck|chimed|began to strike|was ticking)|(?:clock|watch) ticked|ticking|tick-tock",
       "Clock", "bed", 0.4),
    _C(r"sirens?", "Siren", "spot", 0.7),
    _C(r"alarms? (?:began|went|rang|sounded|blared|whooped)|alarm bells?|klaxon", "Alarm", "spot", 0.7),
    _C(r"(?:tele)?phone rang|phone (?:began|started) to ring|ringing phone|telephone rang|"
       r"(?:tele)?phones? went(?! (?:dead|quiet|silent|unanswered|missing|flying|into|in|back|out))",
       "Telephone bell ringing", "spot", 0.6),
    # "the hooter went", "the bell went for the ninth round": a signal that goes off
    _C(r"(?:hooter|works whistle|mill whistle|factory whistle|steam whistle)s? (?:went|sounded|blew)", "Steam whistle", "spot",
       0.6),
    _C(r"bells? went(?! (?:dead|quiet|silent|unanswered|missing|into|back|out|up|down|round|to))", "Bell", "spot", 0.5),
    # machines
    _C(r"machinery|machines? (?:hummed|clanked|whirred)|recyclers? hummed|generators?|gears? (?:ground|whirred)|"
       r"hummed on the edge|presses|clanking|looms", "Mechanisms", "bed", 0.4),
    _C(r"typ(?:ed|ing)(?: on)?|typewriters?|keyboards? clattered|underwoods", "Typing", "spot", 0.4),
    # weapons and impacts
    _C(r"gunshots?|gunfire|shots? (?:rang|cracked|fired|echoed)|a shot|came the shot|heard the shot|"
       r"fired (?:a|his|her|the|twice|again)|pistol cracked|rifle cracked|the shots?(?=, when it came| rang| cracked|"
       r" echoed| came| (?:was|were) (?:deafening|loud|shockingly))", "Gunshot, gunfire", "spot", 0.8),
    _C(r"machine[- ]guns?", "Machine gun", "spot", 0.8),
    _C(r"explo(?:ded|sion|sions)|blasts?|bombs? (?:fell|burst|exploded)|shells? (?:burst|screamed|exploded)|"
       r"barrage began|detonat\w*|broadsides?|cannonade|cannons? (?:fired|roared|boomed|thundered|spoke)|(?:bomb|"
       r"grenade|mine|"
       r"charge|shell|rocket|broadside|cannon|firework)s? went off|fireworks (?:banged|exploded|crackled|burst|"
       r"popped|whizzed|boomed|screamed|whooshed|thudded)|(?:bang|crackle|boom|pop|whizz)\w* of (?:the )?fireworks",
       "Explosion", "spot", 0.9, human_verb=True),
    _C(r"glass(?:es)? (?:clinked|chinked)|clink(?:ed|ing)? of glass\w*|clink(?:ed|ing)?|tapped (?:his|her|a) "
       r"(?:wine )?glass", "Glass", "spot", 0.4),
    _C(r"shatter(?:ed|ing|s)?|smash(?:ed)? (?:into|to) pieces|burst into a thousand|into a thousand (?:glittering )?pieces|"
       r"sprayed glass", "Shatter", "spot", 0.7),
    _C(r"crash(?:ed|es|ing)?(?! (?:alarm|team|cart|trolley|helmet|barrier|pad|mat|test))|(?:came|fell|crashed|"
       r"tumbled|went) (?:down|in|over)\b[^.;]{0,60}?\bwith an? (?:\w+ )?(?:roar|crash|bang|boom)|smash(?:ed|ing)?|"
       r"ploughed into|plowed into", "Smash, crash", "spot", 0.7),
    _C(r"thud(?:ded|s)?|thump(?:ed|s)?|gavel (?:came|fell|down)|landed with|clunk\w*|thunk\w*|clonk\w*|whump\w*|"
       r"(?:banged|rapped|brought down|slammed down|struck|pounded) (?:\w+ )?gavel", "Thump, thud", "spot", 0.6),
    _C(r"whoosh\w*|swish(?:ed|ing)?|swoosh\w*|rush of air", "Whoosh, swoosh, swish", "spot", 0.5),
    _C(r"rumbl(?:e|ed|ing)|deep grinding|(?:deep|low|long|dull) groan (?:from|of|in) (?:the )?(?:rock|earth|"
       r"ground|ice|timbers?|building|house|mountain|mine|roof|walls?)", "Rumble", "bed", 0.6),
    _C(r"(?:low|deep|distant|dull|long|faint|far-off|heavy|muffled|sullen|subterranean) grumbl(?:e|ing)",
       "Rumble", "bed", 0.5, human_verb=True),
    _C(r"chopp(?:ed|ing) (?:wood|logs)|axe (?:bit|fell|rang|rose and fell)|splitting logs|woodcutter's axe|"
       r"(?:split|splitting|chopp(?:ed|ing)|chop|hew(?:ed|ing)?|hack(?:ed|ing)) (?:the |some |more )?"
       r"(?:kindling|logs|firewood|wood|timber|branches)|chopp(?:ed|ing) (?:the |some )?(?:onions?|carrots?|"
       r"vegetables|herbs|"
       r"garlic|parsley|meat|celery|potatoes|cabbage)",
       "Chop", "spot", 0.5),
)

# Words for people: a human-verb cue with one of these (or a name) just before it is figurative.
NOT_NAMES = (r"(?:The|A|An|His|Her|Its|Their|Our|My|Your|This|That|These|Those|Some|Somewhere|Then|Outside|Inside|"
             r"Far|Down|Up|Above|Below|Behind|Beyond|Across|Overhead|Suddenly|Again|Now|Only|Just|At|In|On|From|By|"
             r"With|Through|Over|Under|After|Before|When|While|As|All|Every|Each|No|Another|One|Two|Three|Soon|"
             r"Later|Still|Even|Once|Here|There|It|Nearby|Upstairs|Downstairs|Somewhere|Elsewhere|Around|Beneath|"
             r"Against|Along|Out|Off|Beside|Towards?|Toward|Into|Onto|Of|For|And|But|Or|Yet|So|If|Slowly|Then)")
# People by role and kin: a subject that makes a sound verb a figure ("the finance director exploded").
PERSON_NOUNS = (
    r"man|woman|men|women|boy|girl|voice|sergeant|captain|general|officer|father|mother|uncle|aunt|teacher|master|"
    r"boss|mate|colonel|major|corporal|lieutenant|sheriff|director|manager|minister|editor|chairman|chairwoman|"
    r"president|secretary|clerk|partner|client|chief|foreman|mayor|inspector|detective|constable|superintendent|"
    r"dad|mum|mom|mam|pa|ma|grandad|grandpa|granddad|gran|granny|grandma|grandmother|grandfather|husband|wife|son|"
    r"daughter|brother|sister|friend|neighbou?r|coach|referee|landlord|landlady|host|hostess|customer|lawyer|"
    r"judge|priest|vicar|doctor|nurse|king|queen|lord|lady|soldier|sailor|driver|child|kid|baby|toddler|player|"
    r"guard|warder|governor|headmaster|headmistress|professor|student|pupil|nanny|butler|maid|cook|chef|waiter|"
    r"waitress|barman|barmaid|publican|shopkeeper|stranger|visitor|widow|bride|groom|mister|missus|sir|madam"
)
HUMAN = re.compile(
    r"\b(?:he|she|i|we|they|you|" + PERSON_NOUNS + r"|(?!" + NOT_NAMES + r"\b)"
    r"[A-Z][a-z]+)\s+(?:\w+ly\s+)?$"
)
# Contexts that make a nearby cue figurative: similes, idioms, abstract "of"-phrases.
FIGURATIVE: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:like|as if|as though)\s+(?:a|an|the|some)?\s*(?:\w+\s+){0,4}$",  # "...like a thunderbolt": cue follows
    # a bare "as" is a simile before "a"/"an" ("as a thunderclap"); "as the broadside went off" is a time
    r"\bas\s+(?:a|an|some)\s+(?:\w+\s+){0,3}$",
    r"\bas\s+(?!the\b|his\b|her\b|their\b|its\b|my\b|our\b|your\b)(?:\w+\s+){0,2}$",
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
    r"waves? of (?:grief|sadness|fear|relief|anger|heat|nausea)|sea of (?:faces|troubles|humanity|people|heads|bodies|"
    r"umbrellas|hats|hands|paper|paperwork|red tape|green)|ocean of|rain check|in waves|came in waves|washed over (?:her|him|me|"
    r"them|us)|howl(?:ed|ing|s)? for (?:more|blood|a|an|his|her|their|justice|the)|bark of (?:laughter|a laugh)|"
    r"(?:dry|empty) (?:creek|stream|river)(?: ?bed)?|(?:creek|stream|river) ?bed|as if on cue|"
    r"(?:dead|stuffed|roast|roasted|plucked|wounded) (?:gull|owl|crow|rook|bird|dog|cat|horse|frog|hound)s?|"
    r"rang hot|ringing hot|ringing off the hook|rang off the hook|car crash|train ?wreck|"
    r"(?:last night's|yesterday's|the night's|the morning's|the day's|recent|earlier|weeks of|days of) "
    r"(?:rain|rains|storm|storms|gale|gales|snow|downpour)|"
    r"(?:thunder|roar|ring|echo|pound|hammer|drum|scream|buzz|throb)\w* (?:in|inside|through) (?:his|her|my|their|your) "
    r"(?:head|ears|skull|mind|brain|chest|veins)|"
    r"(?:gull|owl|crow|rook|bird|dog|cat|horse|frog|hound)s? (?:lying|lay|lies) dead|"
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
    r"(?:birch|oak|tree|pine) bark|talk of the town|buzz(?:ing)? (?:about|with)|the buzz|hum of activity|hive of activity|"
    r"knock(?:s|ed|ing)? (?:him|her|me|them|us|you|it) (?:flat|down|sideways|over|out|off|back|for six|cold|"
    r"senseless|flying)|knock(?:s|ed|ing)? \w+ (?:off (?:his|her|their|its|my) feet|flat|sideways|senseless|"
    r"flying|cold|unconscious)|wind (?:go|goes|went|gone|going|knocked) out of|thunderous (?:silence|look|expression|"
    r"face)|"
    r"(?:could|would|might) have stopped a (?:train|clock)|stop(?:ped)? the clocks?|landed with a (?:thud|bump|thump))\b",
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
    (r"stairs?|staircase|steps|floorboards?|boards|hinges?|rocking chair|timbers?|beams?", "Creak"),
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
    (r"glass(?:es)?|goblets?|decanters?|tumblers?|crystal|bottles?", "Glass"),
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
    r"shrill(?:s|ed|ing)?|beep(?:s|ed|ing)?|bleep(?:s|ed|ing)?|squawk(?:s|ed|ing)?|screech(?:es|ed|ing)?|"
    r"chorus|went off|opened up|let fly|fired)\b",
    re.IGNORECASE)

# -- Sound sources and the verbs they sound with --------------------------------------------------------
# Novelists rarely name a sound; they name a source and what it did: "water drummed on the tin roof",
# "the latch gave", "hooves rang on the stones", "the engine coughed". Each `Pairing` lists, for one
# class, the nouns of its sources and the verbs (base forms: every inflection is generated) with which
# those sources make that sound. The planner pairs a verb with the nearest source noun before it in the
# same clause, or with the subject of the clause before ("the drive coughed twice, caught, and ...").

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beaten",), "bite": ("bit", "bitten"), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "burst": (), "catch": ("caught",), "come": ("came",), "cut": (), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "fall": ("fell", "fallen"), "fly": ("flew", "flown"), "give": ("gave", "given"),
    "go": ("went", "gone"), "hit": (), "ring": ("rang", "rung"), "rise": ("rose", "risen"), "run": ("ran",),
    "shake": ("shook", "shaken"), "sing": ("sang", "sung"), "sink": ("sank", "sunk"), "speak": ("spoke", "spoken"),
    "spit": ("spat",), "split": (), "spring": ("sprang", "sprung"), "strike": ("struck",), "sweep": ("swept",),
    "swing": ("swung",), "take": ("took", "taken"), "tear": ("tore", "torn"), "throw": ("threw", "thrown"),
    "leap": ("leapt",), "get": ("got",), "leave": ("left",), "set": (), "let": (), "shut": (), "grind": ("ground",),
    "hold": ("held",), "send": ("sent",), "stick": ("stuck",), "wake": ("woke", "woken"), "keep": ("kept",),
}
_VOWELS = "aeiou"


def _inflections(verb: str) -> set[str]:
    """A verb's forms: "drum" -> drum, drums, drummed, drumming; irregular pasts from `_IRREGULAR`."""
    forms = {verb}
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(verb + "es")
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb in _IRREGULAR:
        forms.update(_IRREGULAR[verb])
    elif verb.endswith("e"):
        forms.add(verb + "d")
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms.add(verb[:-1] + "ied")
    else:
        forms.add(verb + "ed")
    if verb.endswith("ie"):
        forms.add(verb[:-2] + "ying")
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        forms.add(verb[:-1] + "ing")
    else:
        forms.add(verb + "ing")
    # a short stressed final syllable doubles its consonant: drum -> drummed, throb -> throbbing
    if (len(verb) >= 3 and verb[-1] not in _VOWELS + "wxy" and verb[-2] in _VOWELS and verb[-3] not in _VOWELS
            and verb not in _IRREGULAR):
        forms.update({verb + verb[-1] + "ed", verb + verb[-1] + "ing"})
    return forms


def verb_forms(*verbs: str) -> str:
    """A regex alternation of every inflection of `verbs`; in a phrasal verb the first word is inflected."""
    out: set[str] = set()
    for verb in verbs:
        head, _, rest = verb.partition(" ")
        out.update(f + (" " + rest if rest else "") for f in _inflections(head))
    return "|".join(sorted((re.escape(f).replace(r"\ ", r"\s+") for f in out), key=lambda f: (-len(f), f)))


def noun_forms(*nouns: str) -> str:
    """A regex alternation of `nouns` and their regular plurals (irregular plurals are listed as nouns)."""
    out: set[str] = set()
    for noun in nouns:
        out.add(noun)
        if noun.endswith(("s", "sh", "ch", "x", "z")):
            out.add(noun + "es")
        elif noun.endswith("y") and noun[-2:-1] not in _VOWELS:
            out.add(noun[:-1] + "ies")
        else:
            out.add(noun + "s")
    return "|".join(sorted((re.escape(f).replace(r"\ ", r"\s+") for f in out), key=lambda f: (-len(f), f)))


@dataclass(frozen=True)
class Pairing:
    """Sources of one class and the verbs they sound with: a noun of `nouns` doing a verb of `verbs`; where
    a noun names this source only in some places ("the carriage swayed" on the Underground), `scene` is a
    regex the sentences around it must match."""

    label: str
    nouns: str  # regex alternation (noun_forms)
    verbs: str  # regex alternation (verb_forms)
    scene: str = ""


def _P(label: str, nouns: tuple[str, ...], verbs: tuple[str, ...], scene: str = "") -> Pairing:
    return Pairing(label, noun_forms(*nouns), verb_forms(*verbs), scene)


# Places where a noun that names many things names one source: a railway's carriages, a mill's rollers.
RAILWAY = (r"\b(?:railway|railroad|station|platform|the line|tube|underground|metro|subway|track|tracks|rails|sleepers|"
           r"points|level crossing|signal box|tunnel|embankment|viaduct|junction|express|train|trains|locomotive|"
           r"compartment|guard's van|goods yard|marshalling yard|northern line|central line|district line|"
           r"circle line|jubilee line|piccadilly line|victoria line|the arches|railway arches)\b")
INDUSTRY = (r"\b(?:mill|mills|factory|works|foundry|forge|shop floor|plant|colliery|pit|pithead|shipyard|steelworks|"
            r"ironworks|workshop|machine shop|press room|pressroom|printworks|rolling mill|smelter|furnace|boiler house|"
            r"engine house|engine room|sawmill|yard|shift|night shift|day shift|factory floor|assembly line)\b")
WATERSIDE = (r"\b(?:sea|harbou?r|quay|quayside|estuary|river|dock|docks|wharf|jetty|pier|slipway|marina|port|"
             r"mooring|moorings|deck|bow|stern|wheelhouse|lighthouse|buoy|tide|ferry|fog|channel|bay|lake|loch|"
             r"canal|lock|mudflats|breakwater|sea wall)\b")
HORSE_DRAWN = (r"\b(?:horse|horses|hooves|reins|coachman|cabby|cabman|postilion|team|whip|harness|stagecoach|"
               r"hansom|landau|brougham|phaeton|gig|dray|trap|four-in-hand|ostler|stable|stables|coaching inn)\b")


# Brand and type names that are sound sources even when capitalised mid-sentence ("a Maxim began").
BRANDS = frozenset((
    "maxim", "maxims", "bren", "brens", "spandau", "spandaus", "gatling", "gatlings", "sten", "stens", "luger",
    "lugers", "mauser", "mausers", "winchester", "winchesters", "colt", "colts", "underwood", "underwoods",
    "remington", "remingtons", "olivetti", "olivettis", "buick", "buicks", "chevy", "chevrolet", "cadillac",
    "cadillacs", "mercedes", "bentley", "bentleys", "volvo", "volvos", "porsche", "packard", "studebaker",
    "pontiac", "oldsmobile", "toyota", "spitfire", "spitfires", "messerschmitt", "messerschmitts", "heinkel",
    "heinkels", "stuka", "stukas", "dakota", "dakotas", "zeppelin", "zeppelins", "aks", "land rover",
    "range rover", "landrover", "rover", "rovers", "vauxhall", "vauxhalls", "fiat", "fiats", "renault",
    "renaults", "peugeot", "peugeots", "citroen", "citroens", "volkswagen", "volkswagens", "skoda", "skodas",
    "lada", "ladas", "trabant", "trabants", "honda", "hondas", "nissan", "nissans", "subaru", "subarus", "saab",
    "saabs", "audi", "audis", "bmw", "bmws", "hillman", "hillmans", "cortina", "cortinas", "zephyr", "zephyrs",
    "ferrari", "ferraris", "lamborghini", "maserati", "humvee", "humvees", "ferguson", "fergusons", "fordson",
    "fordsons", "harley", "harleys", "hoover", "hoovers", "vespa", "vespas", "lancaster", "lancasters", "wellington", "wellingtons",
    "hurricane", "hurricanes", "junkers", "dornier", "dorniers", "boeing", "boeings", "cessna", "cessnas",
))

_HOOVES = ("hoof", "hooves", "hoofbeat", "horse", "pony", "ponies", "mare", "stallion", "gelding", "mule", "mount",
           "steed", "charger", "cart-horse", "carthorse", "nag", "cob")
_DOGS = ("dog", "hound", "collie", "sheepdog", "terrier", "spaniel", "puppy", "puppies", "pup", "mastiff", "cur",
         "mongrel", "lurcher", "retriever", "labrador", "alsatian", "bloodhound", "beagle", "whippet", "greyhound",
         "bulldog", "husky", "huskies", "wolfhound", "poodle", "dachshund", "pekinese", "pekingese", "chihuahua",
         "pug", "corgi", "setter", "pointer", "rottweiler", "doberman", "boxer dog", "schnauzer", "springer",
         "deerhound", "staghound", "foxhound", "wolfhound", "sheltie", "jack russell", "westie", "airedale",
         "pit bull", "guard dog", "watchdog", "gun dog", "gundog", "mutt", "pooch", "hellhound", "bitch")
_VESSELS = ("boat", "ship", "trawler", "launch", "barge", "brig", "schooner", "ketch", "sloop", "yacht", "dinghy",
            "steamer", "liner", "freighter", "tanker", "coaster", "collier", "whaler", "drifter", "packet",
            "clipper", "destroyer", "corvette", "gunboat", "submarine", "u-boat", "motorboat", "motor launch",
            "narrowboat", "houseboat", "catamaran", "trimaran", "pinnace", "jolly boat", "junk", "sampan", "dhow",
            "dinghies", "skiff", "vessel", "hull", "ferry", "ferries", "tug", "tugboat", "lugger", "cutter", "dory",
            "dories", "galleon", "frigate", "steamboat", "riverboat", "longboat", "lifeboat", "smack", "coble", "punt",
            "canoe", "rowboat", "rowing boat")
_DOORS = ("door", "gate", "latch", "bolt", "lock", "doorknob", "knob", "shutter", "hatch", "trapdoor", "wicket")
_BOARDS = ("floorboard", "board", "stair", "staircase", "tread", "timber", "beam", "hinge", "chair", "rocker",
           "bedspring", "bedsprings", "joist", "plank", "rafter", "ladder", "banister", "bannister", "floor", "step",
           "steps")
_CHATTERERS = ("people", "guest", "diner", "customer", "drinker", "passenger", "voices", "shopper", "tourist",
               "talk", "conversation", "conversations", "gossip", "argument", "arguments", "banter", "small talk",
               "commuter", "patron", "regular", "reveller", "partygoer", "villager", "everyone", "everybody",
               "onlooker", "bystander", "delegate")
_CROWDS = ("crowd", "throng", "mob", "multitude", "spectator", "fans", "audience", "congregation", "rabble", "stadium",
           "arena", "auditorium", "the terraces", "the stands", "public gallery",
           "protester", "demonstrator", "supporter", "terraces", "stands", "stallholders", "hawkers", "vendors",
           "costermongers", "barrow boys", "marketplace", "market square", "bazaar", "souk", "fairground",
           "concourse", "the square", "the whole square", "picketers",
           "pickets", "strikers", "rioters", "marchers", "mourners",
           "worshippers", "pilgrims", "refugees", "the masses", "hordes", "horde", "the populace")
_ENGINES = ("engine", "motor", "diesel", "outboard", "tractor", "motorbike", "motorcycle", "moped",
            "chainsaw", "two-stroke", "jet ski", "speedboat", "quad bike", "scooter", "mower", "lawnmower",
            "lawn mower", "strimmer", "leaf blower", "combine", "combine harvester", "harvester", "bulldozer",
            "digger", "excavator", "dumper", "forklift", "snowmobile", "quad", "dirt bike", "trail bike", "ferguson",
            "fordson", "harley", "vespa", "rotavator", "outboard motor", "inboard", "donkey engine", "thruster",
            "drive", "reactor", "exhaust", "starter motor")
_CARS = ("car", "taxi", "cab", "lorry", "lorries", "truck", "van", "jeep", "sedan", "saloon car", "limousine", "limo",
         "bus", "buses", "minibus", "pickup", "four-by-four", "hatchback", "estate car", "police car", "squad car",
         "patrol car", "getaway car", "convertible", "roadster", "coupe", "traffic", "land rover", "range rover",
         "landrover", "buick", "chevy", "chevrolet", "cadillac",
         "mercedes", "bentley", "volvo", "porsche", "packard", "studebaker", "pontiac", "oldsmobile", "toyota",
         "rover", "vauxhall", "fiat", "renault", "peugeot", "citroen", "volkswagen", "skoda", "lada", "trabant",
         "honda", "nissan", "subaru", "saab", "audi", "bmw", "hillman", "cortina", "zephyr", "ferrari",
         "lamborghini", "maserati", "humvee", "automobile", "motor car", "motorcar", "sports car", "saloon",
         "people carrier", "camper", "campervan", "camper van", "motorhome", "rig", "semi", "eighteen-wheeler",
         "juggernaut", "artic", "tanker lorry", "tipper", "pickup truck", "panel van", "transit", "minicab",
         "hackney", "coach", "charabanc", "omnibus", "trolleybus", "milk float", "dustcart", "bin lorry",
         "garbage truck", "delivery van", "wagon", "motorway", "the traffic", "rush-hour traffic", "vehicle",
         "vehicles", "hearse", "ambulance")
_GUNS = ("gun", "rifle", "pistol", "revolver", "shotgun", "musket", "carbine", "colt", "winchester", "luger",
         "mauser", "handgun", "firearm", "sniper", "rounds", "bullet", "shot", "report", "musketry", "volley",
         "fusillade", "small arms", "rifle fire", "gunfire", "automatic", "derringer", "blunderbuss", "flintlock",
         "twelve-bore", "shotguns", "sidearm")
_BIRDS_SINGING = ("blackbird", "thrush", "thrushes", "lark", "skylark", "robin", "wren", "nightingale", "songbird",
                  "loon", "heron", "kingfisher", "woodpecker", "jay", "nightjar", "snipe", "grebe", "bittern",
                  "eagle", "hawk", "buzzard", "kite", "falcon", "kestrel", "osprey", "quail", "peacock", "parrot",
                  "macaw", "cockatoo", "parakeet", "budgie", "mynah", "kookaburra", "bobwhite", "chickadee", "nuthatch",
                  "goldcrest", "redstart", "stonechat", "wagtail", "fieldfare", "redwing", "oystercatcher", "sandpiper",
                  "dunlin", "whimbrel", "godwit", "loons", "dove", "woodlark", "bellbird", "tui", "birdsong",
                  "finch", "chaffinch", "goldfinch", "warbler", "sparrow", "blackcap", "linnet", "curlew", "cuckoo",
                  "bird", "starling", "swallow", "swift", "mockingbird", "whippoorwill", "yellowhammer", "oriole",
                  "cardinal", "bunting", "tit", "pipit", "plover", "lapwing", "peewit", "songthrush", "bluebird",
                  "robin redbreast", "wood warbler", "willow warbler", "chiffchaff", "greenfinch", "bullfinch",
                  "siskin", "redpoll", "twite", "dipper", "whitethroat", "nightingales", "meadowlark", "catbird",
                  "thrasher", "wood thrush", "hermit thrush", "veery", "vireo", "tanager", "grosbeak", "kingbird",
                  "phoebe", "flycatcher", "wren", "treecreeper", "birdsong", "songbirds", "dawn chorus")
_MACHINES = ("machinery", "machine", "pump", "turbine", "presses", "loom", "gear", "cog", "piston", "recycler",
             "scrubber", "fan", "generator", "ventilator", "compressor", "mill", "winch", "winches", "crane",
             "conveyor", "lathe", "dynamo", "boiler", "air conditioning", "air conditioner", "aircon", "servo",
             "refrigerator", "fridge", "dishwasher", "washing machine", "printer", "printing press",
             "air handler", "life support", "drill", "drills", "cooling fan", "air handling", "ventilation",
             "extractor", "extractor fan", "air vent", "vents", "heating", "central heating", "radiator", "pipes",
             "hydraulics", "servos", "tumble dryer", "spin dryer", "dryer", "vacuum", "vacuum cleaner", "hoover",
             "floor polisher", "polisher", "hairdryer", "hair dryer", "blender", "food mixer", "escalator",
             "rolling mill", "sawmill", "bandsaw", "circular saw", "jackhammer", "pneumatic drill", "grinder",
             "crusher", "docking collar", "airlock", "lift", "goods lift", "service lift", "elevator", "dumbwaiter", "press", "treadmill", "mangle", "spinning wheel",
             "sewing machine", "photocopier", "copier", "fax", "fax machine", "franking machine", "till", "cash register",
             "freezer", "cooler", "ice machine", "coffee machine", "espresso machine", "percolator", "spindle", "shuttle",
             "flywheel", "camshaft", "pistons", "bellows", "waterwheel", "water wheel", "millwheel", "threshing machine",
             "thresher", "steam hammer", "trip hammer", "forge hammer", "conveyor belt", "assembly line", "production line")

_LOUD = ("loud", "noisy", "deafening", "thunderous", "audible", "shrill")

PAIRINGS: tuple[Pairing, ...] = (
    # weather and water
    _P("Rain", ("rain", "raindrop", "drops", "downpour", "drizzle", "deluge", "cloudburst", "hail", "hailstones",
                "sleet"),
       ("drum", "patter", "lash", "beat", "pelt", "sheet", "stream", "teem", "pour", "spatter", "hammer", "rattle",
        "tap", "fall", "hiss", "sweep", "come down", "slant", "strike", "splash", "bounce", "pound", "batter",
        "spit", "whisper", "rustle", "trickle", "run down", "sluice", "gurgle", "pock", "needle", "stream down",
        "sheet down", "pour down", "come down in sheets", "drive against", "rattle against", "beat against",
        "lash against", "spatter against", "fling against", "dash against", "blow against", "sting", "smear",
        "blur", "streak", "bead", "set in", "keep on", "come on", "start", "begin") + _LOUD),
    # rain heard in what carries it away: "the gutters overflowed and the drains gargled"
    _P("Rain", ("gutters", "drains", "storm drains", "downpipe", "downpipes", "drainpipe", "drainpipes", "water butt",
                "gullies", "culverts"),
       ("overflow", "gurgle", "gargle", "chuckle", "spout", "spill over", "gush", "roar", "rush", "choke", "brim",
        "run over", "pour", "sing", "chatter", "burble", "cough")),
    _P("Rain", ("water",), ("drum", "patter", "lash", "pelt", "sheet", "spatter", "hammer on", "sluice off",
                            "stream off", "stream down", "pour off", "pour down", "run off the eaves",
                            "cascade off", "gush from the gutters", "overflow the gutters")),
    _P("Thunderstorm", ("storm", "thunderstorm", "tempest", "electrical storm"),
       ("come up", "roll in", "break", "sweep in", "blow up", "burst", "rage", "arrive", "come on", "break overhead",
        "sweep down", "come over the hills", "come over the hill")),
    _P("Thunder", ("thunder", "thunderclap", "sky", "skies", "heavens", "storm"),
       ("rumble", "grumble", "growl", "mutter", "crack", "crash", "boom", "peal", "clap", "break overhead",
        "burst overhead")),
    # what the wind sounds in: "the chimney moaned", "the eaves howled", "wires sang overhead"
    _P("Wind", ("chimney", "chimneys", "chimney pot", "eaves", "flue", "keyhole", "wires", "telegraph wires",
                "telegraph poles", "power lines", "overhead lines", "weathervane", "wind", "gale", "gust", "squall",
                "draught", "draft", "weather"),
       ("moan", "howl", "whistle", "shriek", "wail", "keen", "sing", "sigh", "hum", "roar", "boom", "scream", "sob",
        "mutter", "whine", "thrum", "drone", "bluster", "buffet", "batter", "rattle", "worry at", "pound",
        "hammer", "moan in", "whistle through", "howl round", "sing in") + _LOUD),
    _P("Rustling leaves", ("leaves", "trees", "branch", "branches", "bough", "aspen", "poplar", "birch", "birches",
                           "reed", "grass", "corn", "wheat", "barley", "bracken", "foliage", "canopy", "willow",
                           "oak", "beech", "beeches", "elm", "fronds", "bamboo"),
       ("rustle", "stir", "whisper", "sigh", "hiss", "shiver", "murmur", "sough", "thrash", "toss", "shush",
        "seethe", "skitter", "scrape", "rattle", "crunch", "swirl", "eddy", "scurry", "chase")),
    _P("Ocean", ("sea", "seas", "ocean"),
       ("roar", "boom", "pound", "crash", "thunder", "surge", "heave", "seethe", "hiss", "sigh", "breathe", "rage",
        "growl", "rumble", "break", "hurl", "churn", "grind", "suck", "drag", "mutter", "murmur", "come over",
        "break over", "sweep over", "burst over", "come in", "roll in", "run up", "draw back", "wash", "fold",
        "pour over", "sweep in", "race in", "beat", "lash", "batter", "slam", "hammer", "slap", "smash",
        "explode") + _LOUD),
    _P("Waves, surf", ("wave", "surf", "breaker", "spray", "comber", "billow", "tide", "green water",
                       "white water"),
       ("break", "crash", "pound", "boom", "hiss", "suck", "lap", "slap", "thunder", "surge", "smash", "rake",
        "drag", "slop", "slosh", "wash", "seethe", "burst", "break over", "come over", "sweep over", "come aboard",
        "sluice", "roar", "fold over", "curl over", "tumble", "run up", "draw back",
        "race in", "rush in", "break against", "beat against", "dash against", "hurl", "explode",
        "thump", "thud", "rattle", "grind", "rumble", "sigh", "whisper", "murmur", "shush", "retreat")),
    _P("Waves, surf", ("roller", "rollers"), ("break", "crash", "pound", "boom", "hiss", "thunder", "roll in",
                                              "surge", "smash", "tumble", "curl over", "fold over"), WATERSIDE),
    # the beach sounds when the sea drags it: "the shingle rattled and hissed below the wall"
    _P("Waves, surf", ("shingle", "backwash", "undertow", "swash", "pebbles on the beach", "foam", "froth"),
       ("drag", "rattle", "hiss", "roar", "grind", "rumble", "clatter", "seethe", "suck", "rasp", "churn", "rush",
        "sigh", "whisper", "crash", "growl", "chatter", "tumble")),
    _P("Waves, surf", ("water",), ("lap", "slap", "suck", "slop", "slosh", "come over", "break over", "sweep over",
                                   "come aboard", "sluice", "pour over the side", "break against", "surge against")),
    _P("Stream", ("stream", "brook", "burn", "beck", "river", "creek", "rill", "rivulet", "torrent", "current",
                  "weir", "water", "millrace"),
       ("chatter", "gurgle", "babble", "burble", "murmur", "chuckle", "rush", "tumble", "ripple", "purl", "race",
        "roar", "sing", "swirl", "plash", "gush", "trickle", "mutter", "talk", "whisper", "laugh", "splash",
        "rattle", "hurry", "pour", "spill", "fret", "foam", "churn", "boil", "thunder", "froth", "slide",
        "come down white", "come down loud", "rumble", "hiss", "lap", "run loud", "run high") + _LOUD),
    _P("Waterfall", ("waterfall", "cascade", "cataract", "force", "spout"),
       ("roar", "thunder", "plunge", "crash", "pour", "tumble", "boom", "drum", "hiss") + _LOUD),
    _P("Drip", ("tap", "faucet", "gutter", "eave", "eaves", "ceiling", "pipe", "icicle", "drops", "drop", "roof",
                "branch", "leaves", "cistern"),
       ("drip", "plink", "plonk", "plip", "leak")),
    _P("Splash, splatter", ("stone", "pebble", "fish", "frog", "otter", "body", "anchor", "oar", "paddle",
                            "duck", "swan", "bucket"),
       ("splash", "plop", "plunge into the water", "hit the water", "slap the water", "smack the water")),
    _P("Fire", ("fire", "flames", "blaze", "ember", "coal", "log", "kindling", "stove", "range", "hearth", "grate",
                "bonfire", "campfire", "fireplace", "brazier", "firewood", "peat", "driftwood", "woodstove",
                "wood-burner", "inferno", "wood fire", "log fire", "coal fire", "furnace", "forge", "the pitch",
                "resin", "sap", "birch logs", "pine logs", "aga", "kitchen range", "firebox", "pyre", "bonfire",
                "conflagration", "wildfire", "bushfire", "brushfire", "the burning"),
       ("crackle", "pop", "hiss", "spit", "roar", "settle", "snap", "sputter", "flare", "hum", "whisper", "mutter",
        "sigh", "collapse", "shift", "fizz", "sizzle", "rumble", "howl", "tick", "wheeze", "breathe", "purr",
        "murmur", "roar up", "blaze", "blaze up", "catch", "take hold", "leap", "lick", "gutter", "flicker",
        "chuckle", "whoosh", "woof", "sing", "bubble", "chatter", "fall in", "burn", "crack", "spark",
        "send up sparks", "glow") + _LOUD),
    # people moving
    _P("Walk, footsteps", ("footstep", "step", "feet", "boot", "heel", "shoe", "sole", "slipper", "footfall",
                           "tread", "trainers", "sandal", "clogs", "hobnails"),
       ("click", "clack", "tap", "ring", "crunch", "clatter", "echo", "sound", "thud", "scrape", "shuffle", "scuff",
        "squeak", "slap", "patter", "clump", "stamp", "tramp", "rap", "squelch", "scrunch", "stomp", "suck",
        "smack", "squish", "knock", "clip", "thump", "chink", "jingle", "jangle", "clink", "ring out", "clop",
        "drag", "plod", "pad", "whisper", "creak", "rustle", "skitter", "scurry", "shuffle")),
    _P("Walk, footsteps", ("footstep", "footfall", "heel", "high heel", "stiletto", "boot", "hobnails", "spurs",
                           "clogs", "shoes", "slippers", "sandals", "tread", "steps"),
       ("approach", "come", "pass", "recede", "fade", "die away", "come down", "come up", "come along",
        "come across", "come towards", "come toward", "come closer", "come nearer", "cross", "go past", "go by",
        "go away", "climb", "descend", "retreat", "cross the", "come back", "return", "pace", "go up", "go down")),
    _P("Walk, footsteps", ("spurs", "spur"), ("chink", "jingle", "jangle", "clink", "ring", "rattle", "tinkle")),
    _P("Run", ("footstep", "feet", "boot", "runner", "trainers"),
       ("pound", "pelt", "race", "thunder", "drum", "hammer", "sprint")),
    # doors
    _P("Door", _DOORS + ("doors", "front door", "back door", "screen door", "stable door", "cellar door"),
       ("open", "close", "swing", "click", "clack", "rattle", "give", "turn", "lift", "scrape", "judder", "shudder",
        "slide", "thud", "clunk", "clatter", "snap", "shoot home", "slide home", "click shut", "swing shut",
        "swing open", "fly open", "burst open", "crash open", "bang open", "grind", "jerk open", "ease open",
        "edge open", "clang", "thump") + tuple(
           f"{verb} {way}" for verb in ("rumble", "sigh", "hiss", "whisper", "clang", "clatter", "grind", "scrape",
                                        "thud", "clunk", "click", "snap", "boom", "judder", "shudder", "whoosh",
                                        "swish", "wheeze", "bump", "bounce", "rattle", "roll", "clank", "thump",
                                        "shoot", "sweep", "slide", "glide", "rasp", "squelch", "sough", "puff")
           for way in ("open", "shut", "closed", "back", "aside", "to"))),
    _P("Slam", _DOORS + ("window", "drawer", "cupboard", "car door", "lid"),
       ("slam", "bang", "crash shut", "thud shut", "thump shut", "bang shut", "slam shut", "smack shut",
        "crash", "thunder shut", "boom shut")),
    _P("Creak", _DOORS + _BOARDS + ("mast", "rigging", "hull", "boughs", "rope", "cart", "wagon", "saddle",
                                    "leather", "gallows", "inn sign", "cot", "pew", "wardrobe"),
       ("creak", "groan", "complain", "protest", "squeak", "squeal", "moan", "whine", "grumble", "shriek",
        "screech", "grate", "scream")),
    _P("Knock", ("knocker", "knuckle", "fist", "fists"), ("knock", "rap", "bang", "fall", "tap", "thud", "sound",
                                                        "drum", "pound", "hammer", "beat", "thump", "batter")),
    # vehicles
    _P("Skidding", ("tyre", "tire", "brake", "wheel"),
       ("screech", "shriek", "squeal", "scream", "howl", "skid", "slither", "lock", "squeak", "protest")),
    _P("Vehicle horn, car horn, honking", ("horn", "hooter", "car horn", "taxi horn"),
       ("blare", "honk", "sound", "blast", "hoot", "bleat", "toot", "beep", "bray", "trumpet", "bellow")),
    _P("Steam whistle", ("whistle", "foghorn", "ship's horn", "locomotive", "loco", "steam whistle", "train",
                         "steamer", "tug", "liner", "funnel", "lightship", "fog signal", "fog siren", "diaphone",
                         "mill hooter", "works hooter", "pit hooter", "factory hooter", "works siren",
                         "siren on the point", "horn on the point", "hooter", "whistles"),
       ("blow", "sound", "shriek", "scream", "hoot", "moan", "blast", "wail", "toot", "pipe", "whistle", "bellow",
        "bray", "boom", "groan", "lament", "call", "go", "sob", "answer", "boom out", "sound out",
        "give a long shriek", "give a shriek", "give a whistle", "give a long whistle", "give a blast",
        "give a long blast", "let out a shriek", "let out a whistle")),
    # an engine heard on the water is its boat's: "somewhere out in the murk a diesel was throbbing"
    _P("Boat, Water vehicle", ("engine", "engines", "diesel", "diesels", "motor", "motors", "screw", "screws",
                               "propeller", "propellers", "outboard"),
       ("throb", "thud", "thump", "chug", "putter", "phut", "drum", "pound", "hammer", "pulse", "beat", "chunter",
        "grumble", "growl", "rumble", "mutter", "drone", "churn", "thrum", "hum", "purr", "race", "labour",
        "labor", "idle", "tick over", "cough", "splutter", "sputter"), WATERSIDE),
    _P("Boat, Water vehicle", _VESSELS,
       ("chug", "putter", "phut", "creak", "groan", "heel", "roll", "pitch", "wallow", "nose", "slap", "labour",
        "labor", "shudder", "buck", "plunge", "stagger", "lurch", "bump", "grind", "scrape", "strain", "judder",
        "throb", "thud", "rock", "bob", "ride", "yaw", "drum", "chuff", "purr", "nudge", "knock", "hum", "shake",
        "tremble", "vibrate", "thump", "pound", "toil", "chunter", "grumble", "wheeze", "churn", "clank",
        "rattle", "moan", "complain", "heave", "jerk", "shiver")),
    _P("Engine", _ENGINES,
       ("cough", "splutter", "sputter", "catch", "fire", "turn over", "idle", "rev", "race", "whine", "roar",
        "throb", "purr", "hum", "growl", "chug", "tick", "knock", "miss", "backfire", "snarl", "thud", "thump",
        "drone", "labour", "labor", "grind", "start", "burble", "rumble", "scream", "howl", "bellow", "thrum",
        "pulse", "whir", "whirr", "wheeze", "rattle", "clatter", "judder", "stutter", "pant", "putter", "bark",
        "spring to life", "roar into life", "cough into life", "come to life", "kick in", "rise", "die away",
        "fire up", "start up", "turn over", "tick over", "chunter", "phut", "chatter", "clank", "whump", "cut in",
        "cut out", "die", "stall", "kick", "growl", "snarl", "buzz", "whizz", "shriek", "squeal", "sing", "moan",
        "groan", "grumble", "mutter", "rasp", "gargle", "hammer", "pound", "blat", "bellow", "choke", "labour up",
        "drone", "spool up", "wind up", "whine up", "shudder", "vibrate", "shake") + _LOUD),
    _P("Car", _CARS,
       ("roar", "speed", "tear", "race", "swerve", "fishtail", "accelerate", "rumble", "rattle", "purr", "growl",
        "hiss", "crunch", "bounce", "jolt", "lurch", "pull away", "pull up", "draw up", "pull out", "drive off",
        "drive away", "drive past", "go past", "sweep past", "hum", "whine", "zoom", "whizz", "hurtle", "careen",
        "screech", "grind", "rev", "idle", "splash", "swish", "rush past", "go by", "pass", "sweep", "nose",
        "bump", "jounce", "labour", "crawl past", "thunder past", "rumble past", "prowl", "cruise", "clatter",
        "clatter off", "rattle off", "rattle past", "pull in", "pull over", "pull off", "swish past", "hiss past",
        "whoosh", "whoosh past", "crawl", "chug", "trundle", "thunder", "roar off", "speed off", "roar away",
        "roar past", "growl past", "grind past", "grind up", "churn", "crunch up", "come up the drive",
        "sputter", "rattle by", "whine past", "drone", "hum past", "buzz", "slither", "squeal", "judder",
        "go through", "come through", "back up", "reverse", "turn in", "scream past", "tear past",
        "thunder by", "rumble by", "roll past", "roll up", "nose out", "nose through", "nose in") + _LOUD),
    # a carriage on the railway is the train's; behind horses it is a carriage's wheels and hooves
    _P("Train", ("carriage", "carriages", "coach", "coaches", "car", "cars", "wagon", "wagons", "truck", "trucks",
                 "the whole train", "the floor of the carriage"),
       ("sway", "scream", "shriek", "squeal", "rattle", "clatter", "rock", "jolt", "lurch", "judder", "shudder",
        "grind", "bang", "clank", "thunder", "roar", "rumble", "hum", "clack", "buck", "shake", "screech"),
       RAILWAY),
    _P("Clip-clop", ("carriage", "coach", "cab", "hansom", "cart", "wagon", "trap", "gig", "dray", "landau",
                     "brougham", "phaeton", "stagecoach", "diligence"),
       ("clatter", "rattle", "rumble", "jingle", "clop", "roll", "creak", "jolt", "lurch", "grind", "crunch",
        "come up the drive", "draw up", "pull up", "clatter off", "rattle off", "clatter past", "rattle past",
        "rattle over", "clatter over", "bowl along", "rattle along", "clatter along"), HORSE_DRAWN),
    # a works' machines and its hooter
    _P("Mechanisms", ("rollers", "roller", "presses", "hammers", "saws", "belts", "shafts", "spindles", "wheels",
                      "shuttles", "frames", "cranes", "the line", "the works", "the shop floor", "the mill"),
       ("pound", "thunder", "roar", "clatter", "clank", "rattle", "thump", "hammer", "grind", "scream", "shriek",
        "whine", "hum", "drone", "thud", "bang", "crash", "rumble", "throb", "clack", "whirr", "whir", "sing",
        "squeal", "shudder", "judder"), INDUSTRY),
    _P("Steam whistle", ("hooter", "siren", "whistle", "bull", "buzzer", "horn"),
       ("go", "sound", "blow", "blare", "bray", "bellow", "hoot", "moan", "wail", "shriek", "scream", "blast",
        "call", "boom", "go off"), INDUSTRY),
    _P("Smash, crash", _CARS + ("trailer", "lorry", "train", "tram", "motorbike", "motorcycle", "tractor", "plane",
                                "wagon", "cart", "tree", "wall", "chimney", "roof", "ceiling", "shelf", "shelves",
                                "bookcase", "wardrobe", "chandelier", "mast", "branch", "bough"),
       ("slam into", "crash into", "plough into", "plow into", "smash into", "collide with", "careen into",
        "hurtle into", "crash through", "smash through", "crash down", "come crashing down", "topple", "collapse",
        "come down", "crash to the ground", "crash to the floor", "cave in", "give way", "keel over", "overturn",
        "roll over", "flip over")),
    _P("Train", ("train", "express", "locomotive", "loco", "freight", "goods train", "tram", "streetcar", "boxcar",
                 "night mail", "mail train", "tube train", "steam train", "diesel train", "the goods", "the mail",
                 "sleeper train", "the sleeper", "underground train", "subway train", "metro", "the tube",
                 "the underground", "commuter train", "stopping train", "local train", "shuttle train",
                 "rolling stock", "freight cars"),
       ("rattle", "clatter", "thunder", "roar", "rumble", "steam", "puff", "chuff", "clank", "pull in", "pull out",
        "draw in", "draw out", "pull away", "sway", "grind", "squeal", "hiss", "jolt", "lurch", "leave", "depart",
        "arrive", "come in", "chug", "clack", "shriek", "rock", "race", "labour", "sigh to a halt",
        "clank to a halt", "grind to a halt", "go by", "go past", "go through", "come through", "pass",
        "thunder past", "rumble past", "rattle past", "clatter past", "roll in", "roll out", "scream", "judder",
        "brake", "slow", "pull into", "draw into", "steam in", "steam out", "whistle", "hoot", "clank past",
        "thunder by", "rumble by", "roar past", "roar through", "scream through", "sway", "shake",
        "grind round", "scream round", "squeal round", "shriek round", "clatter over", "rattle over") + _LOUD),
    _P("Aircraft", ("plane", "aeroplane", "airplane", "aircraft", "bomber", "fighter", "jet", "helicopter",
                    "airliner", "jumbo", "jumbo jet", "jetliner", "turboprop", "propeller", "propellers", "props",
                    "rotor blades", "lancaster", "wellington", "hurricane", "junkers", "dornier", "boeing", "cessna",
                    "the raiders", "raiders", "squadron overhead", "formation", "jets", "planes", "the bombers",
                    "chopper", "zeppelin", "airship", "spitfire", "messerschmitt", "heinkel", "stuka", "dakota",
                    "rotor", "seaplane", "biplane", "airliner", "glider", "drone"),
       ("drone", "roar", "scream", "whine", "buzz", "pass over", "fly over", "fly low", "circle", "thunder",
        "howl", "hum", "throb", "dive", "swoop", "clatter", "thud", "thump", "chop", "whump", "rumble",
        "pass overhead", "come in low", "skim", "spool up", "take off", "climb", "bank", "come over", "go over",
        "fly past", "approach", "land", "taxi", "shriek", "whistle", "sweep over", "sweep low", "thunder over",
        "roar over", "drone over", "come over low", "beat", "clatter overhead", "hover", "circle overhead",
        "pass", "lift off", "touch down", "buzz") + _LOUD),
    # animals
    _P("Clip-clop", _HOOVES + ("rider", "horsemen", "cavalry", "troop", "posse"),
       ("clatter", "clop", "ring", "drum", "thud", "pound", "beat", "thunder", "strike", "trot", "canter",
        "gallop", "clip", "scrape", "crunch", "splash", "echo", "clack", "click", "rattle", "clump", "plod", "stamp",
        "break into a gallop", "break into a canter", "break into a trot", "come up at a gallop", "clatter up",
        "clatter into", "clatter past", "clatter off", "ride up", "ride in", "ride past", "ride off", "clop past",
        "come trotting", "come galloping", "jingle")),
    _P("Horse", _HOOVES,
       ("whinny", "whinnies", "neigh", "snort", "blow", "nicker", "whicker", "stamp", "paw", "champ", "shift",
        "scream", "squeal", "snuffle", "blow through its nose", "shake its harness", "jingle")),
    _P("Bark", _DOGS, ("bark", "yap", "bay", "woof", "yip", "yelp", "give tongue", "give voice", "challenge",
                       "set up a racket", "set up a din", "raise the alarm", "go mad", "go berserk", "go wild",
                       "kick off", "start up", "answer", "sound off", "give warning", "give the alarm", "bay")),
    _P("Dog", _DOGS, ("whine", "growl", "whimper", "snarl", "snuffle", "pant", "grumble", "scratch", "howl")),
    _P("Howl", ("wolf", "wolves", "coyote", "jackal", "dingo", "pack", "she-wolf", "timber wolf", "lobo",
                "hyena", "hyenas"),
       ("howl", "yip", "yap", "call", "cry", "bay", "sing", "yowl", "wail", "answer", "yelp", "keen",
        "lift its voice", "lift their voices", "raise their voices", "raise its voice", "give voice",
        "give tongue", "chorus", "start up", "take up the cry", "take up the call")),
    _P("Cat", ("cat", "kitten", "tomcat", "moggy", "moggies", "puss", "tabby", "tabbies"),
       ("purr", "hiss", "spit", "yowl", "caterwaul", "growl", "scream", "screech")),
    _P("Meow", ("cat", "kitten", "tomcat", "moggy", "moggies", "puss", "tabby", "tabbies"),
       ("mew", "meow", "miaow", "mewl", "cry")),
    _P("Bird vocalization, bird call, bird song", _BIRDS_SINGING,
       ("sing", "trill", "pipe", "whistle", "warble", "chirp", "twitter", "cheep", "chirrup", "carol", "call",
        "cry", "chatter", "start up", "tune up", "tweet", "chink", "peep", "bicker", "squabble", "quarrel",
        "scold", "chirrup", "chitter", "squeak", "fluting", "flute", "whistle up", "greet the dawn") + _LOUD),
    _P("Crow", ("crow", "rook", "raven", "jackdaw", "magpie", "rookery"),
       ("caw", "croak", "call", "quarrel", "cry", "squabble", "clamour", "clamor", "chatter", "jeer", "scold",
        "cackle", "rasp", "kraak")),
    _P("Owl", ("owl", "tawny", "barn owl", "screech owl", "owlet"),
       ("hoot", "call", "cry", "screech", "answer", "shriek", "scream", "whoop", "keen", "quaver", "sing")),
    _P("Gull, seagull", ("gull", "seagull", "kittiwake", "herring gull", "tern", "seabird"),
       ("cry", "scream", "mew", "wheel", "squabble", "squawk", "shriek", "laugh", "call", "wail", "quarrel")),
    _P("Bird", ("pigeon", "dove", "woodpigeon", "wood pigeon", "flock", "starlings", "birds", "geese", "goose",
                "duck", "pheasant", "grouse", "partridge", "heron", "rooster", "cockerel", "hen", "chicken",
                "cock", "bantam", "turkey", "guinea fowl", "guineafowl", "peacock", "mallard", "teal", "wigeon",
                "swan", "coot", "moorhen", "waterfowl", "wildfowl", "parrot", "parrots", "macaw", "cockatoo",
                "budgerigar", "chicks", "poultry", "fowl", "roost", "the rookery", "dovecote"),
       ("coo", "clatter", "flap", "whirr", "whir", "crow", "honk", "quack", "cackle", "cluck", "squawk",
        "whistle", "go up in a clatter", "clap", "announce", "herald", "greet", "hail", "gobble", "scream",
        "screech", "cry", "call", "crow", "clamour", "chuckle", "croon", "burble", "squabble", "mutter")),
    _P("Insect", ("bee", "wasp", "fly", "flies", "bluebottle", "mosquito", "mosquitoes", "gnat", "midge", "hornet",
                  "bumblebee", "insect", "dragonfly", "dragonflies", "beetle", "moth", "hoverfly", "hoverflies",
                  "horsefly", "horseflies", "swarm", "hive"),
       ("shrill", "buzz", "hum", "drone", "whine", "whirr", "whir", "zizz", "bumble", "zing", "zoom", "bang against",
        "batter against", "tick against") + _LOUD),
    _P("Cricket", ("cricket", "cicada", "katydid", "grasshopper", "locust"),
       ("shrill", "chirp", "sing", "shrill", "whirr", "whir", "creak", "rasp", "trill", "pulse", "throb", "start up",
        "keep up", "fiddle", "scrape", "chirrup", "buzz", "whine") + _LOUD),
    _P("Frog", ("frog", "toad", "bullfrog", "peeper", "spring peeper", "tree frog"),
       ("shrill", "whistle", "croak", "start up", "call", "sing", "pipe", "chorus", "grunt", "creak", "boom", "trill", "burp", "belch",
        "chirp", "gulp", "bellow", "peep", "honk", "rasp", "tune up", "strike up") + _LOUD),
    # people
    _P("Crowd", _CROWDS,
       ("roar", "cheer", "jeer", "bay", "surge", "murmur", "shout", "chant", "boo", "scream", "yell", "howl",
        "erupt", "clamour", "clamor", "rumble", "buzz", "stir", "mutter", "gasp", "hiss", "whistle", "stamp",
        "bellow", "sing", "heave", "swell", "thunder", "ooh", "groan", "hum", "babble", "roil", "mill", "seethe",
        "bawl", "holler", "whoop", "cry out", "yell", "go wild", "go mad", "explode", "erupt", "scream",
        "shriek", "chant", "bay", "howl", "throb") + _LOUD),
    _P("Chatter", _CHATTERERS,
       ("talk", "chat", "chatter", "gossip", "murmur", "natter", "babble", "converse", "argue", "spill", "rise",
        "hum", "buzz", "drone on", "mingle", "mill", "swap stories", "call to one another", "call to each other",
        "rise and fall", "rise and rise", "swell", "fill", "drift", "carry", "ebb", "flow", "bubble",
        "get louder", "grow louder", "grow", "go on", "run on", "pick up", "start up again", "resume",
        "break out", "flare", "rattle on", "ripple", "seethe", "clatter") + _LOUD),
    _P("Applause", _CROWDS + ("delegates", "guests", "everyone", "everybody"),
       ("applaud", "clap", "give a standing ovation", "break into applause", "burst into applause")),
    # bells, clocks, alarms
    _P("Church bell", ("church bell", "bells", "bell", "steeple", "belfry", "carillon", "chapel bell", "abbey bell",
                       "cathedral bell", "tower bell", "great bell", "angelus", "minster", "church", "cathedral"),
       ("peal", "toll", "knell", "ring out for", "call to prayer", "call the faithful", "ring for evensong",
        "ring for mass", "ring for matins", "ring for vespers", "ring the hour", "ring out over", "boom out",
        "clang out over", "ring for service", "ring across the fields", "ring across the valley", "go", "speak",
        "ring", "chime", "boom", "sound", "call", "summon", "strike", "count out", "clang", "clamour",
        "sing out", "tumble", "ring down", "ring in", "ring out")),
    _P("Bell", ("bell", "handbell", "doorbell", "chime", "gong", "cowbell", "sleigh bell", "school bell",
                "shop bell", "ship's bell", "bicycle bell", "tram bell", "dinner bell", "harness bells"),
       ("ring", "clang", "jangle", "jingle", "tinkle", "chime", "ding", "ting", "tinkle", "sound", "peal", "clamour",
        "ring out", "strike", "dong", "clank", "go", "peal out", "call", "summon", "speak", "sing", "bong",
        "tinkle", "clamour", "toll", "din", "ting-a-ling", "ring for", "ring in", "ring out over")),
    _P("Clock", ("clock", "grandfather clock", "carriage clock", "longcase", "timepiece", "watch", "wristwatch",
                 "regulator", "mantel clock", "alarm clock", "kitchen clock", "hall clock", "station clock",
                 "wall clock", "clockwork", "metronome", "chronometer", "ormolu clock", "cuckoo",
                 "pocket watch", "pendulum", "cuckoo clock", "clock tower", "big ben"),
       ("tick", "tock", "strike", "chime", "whirr", "whir", "bong", "boom out", "ring out", "whirr and strike",
        "tick away", "tick on", "strike the hour", "sound the hour", "toll the hour", "strike one", "strike two",
        "strike three", "strike four", "strike five", "strike six", "strike seven", "strike eight", "strike nine",
        "strike ten", "strike eleven", "strike twelve", "strike midnight", "strike noon", "count", "count off",
        "count out", "count away", "measure out", "tick off", "mark", "beat", "tock", "clunk", "knock", "click",
        "whirr", "clatter", "chime in", "say", "mark off", "measure", "tick over", "tut")),
    _P("Siren", ("siren", "ambulance", "police car", "fire engine", "squad car", "patrol car", "air-raid siren",
                 "air raid siren", "all-clear", "police siren", "warning", "the warning", "air-raid warning",
                 "air raid warning", "raid warning", "alert", "the alert", "red alert", "the all clear", "ambulances",
                 "police cars", "fire engines", "squad cars", "patrol cars", "emergency vehicles", "blues and twos",
                 "sirens"),
       ("wail", "scream", "whoop", "howl", "shriek", "rise", "blare", "sound", "warble", "yelp", "keen", "moan",
        "bray", "cry", "go off", "go", "start up", "rise and fall", "wind up", "whine", "sound out", "carry",
        "drift", "come", "tear", "cut", "fade", "die away")),
    _P("Alarm", ("alarm", "klaxon", "buzzer", "smoke alarm", "fire alarm", "burglar alarm", "car alarm",
                 "alarm bell", "warning tone", "proximity alarm", "monitor", "smoke detector", "pager", "bleeper",
                 "timer", "sensor", "console", "instrument panel"),
       ("sound", "blare", "whoop", "shrill", "ring", "go off", "shriek", "scream", "wail", "beep", "bleep", "buzz",
        "clang", "trip", "start up", "whine", "bray", "honk", "pulse", "chirp")),
    _P("Telephone bell ringing", ("telephone", "phone", "handset", "receiver", "switchboard", "landline", "mobile",
                                  "cell", "cellphone", "smartphone", "extension", "payphone", "phone box",
                                  "phone booth", "intercom"),
       ("ring", "shrill", "trill", "buzz", "jangle", "bleep", "chirrup", "burr", "go off", "jangle", "purr",
        "sound", "start ringing", "begin to ring", "ring and ring", "go", "ping", "chirp", "vibrate", "beep",
        "ring out", "clamour", "peal", "scream", "shriek", "blare", "twitter", "warble", "sing")),
    # machines
    _P("Mechanisms", _MACHINES,
       ("hum", "whirr", "whir", "clank", "grind", "thump", "throb", "drone", "clatter", "rattle", "chug", "whine",
        "wheeze", "hiss", "clack", "thud", "pound", "judder", "tick", "purr", "buzz", "rumble", "churn", "sigh",
        "grumble", "cough", "shudder", "squeal", "beat", "labour", "labor", "roar", "clunk", "click", "pulse",
        "breathe", "whisper", "spin", "thunder", "pound", "hammer", "bang", "clang", "chunter", "shriek", "scream",
        "whistle", "tick over", "start up", "kick in", "cut in", "cut out", "cycle", "gurgle", "knock", "slap",
        "thwack", "wheeze", "groan", "moan", "creak", "burble", "mutter", "go round", "turn", "jolt", "chatter",
        "drone on", "whine up", "spool up", "churn away", "hum away", "clatter away", "rumble away") + _LOUD),
    _P("Typing", ("typewriter", "keyboard", "underwood", "remington", "olivetti", "teleprinter", "telex",
                  "teletype", "typist", "stenographer", "keyboards"),
       ("clack", "clatter", "click", "rattle", "tap", "chatter", "peck", "hammer", "clatter away", "rattle away",
        "click away", "tap away", "clack away", "ping", "ding", "type", "hammer away", "peck away", "rattle on",
        "stutter", "chatter away", "bang", "pound", "thump", "clunk", "chime")),
    # weapons and impacts
    _P("Machine gun", ("machine gun", "machine-gun", "maxim", "bren", "lewis gun", "spandau", "gatling",
                       "tommy gun", "sten", "automatics", "automatic weapon", "assault rifle", "sub-machine gun",
                       "submachine gun", "kalashnikov", "ak-47", "uzi", "minigun", "heavy machine gun", "aks",
                       "ak"),
       ("stutter", "chatter", "rattle", "open up", "hammer", "stammer", "spit", "clatter", "rip", "bark", "tap",
        "chug", "stitch", "rake", "begin its stutter", "begin to chatter", "start up")),
    _P("Gunshot, gunfire", _GUNS,
       ("crack", "bark", "speak", "boom", "roar", "go off", "fire", "cough", "spit", "bang", "echo", "ring out",
        "whine", "ricochet", "spark", "smack", "zip", "snap", "thunder", "blast", "whip", "zing", "crackle",
        "pop", "kick up", "slap", "thwack", "whang", "sing past", "sing off", "clang off", "spang", "buzz past",
        "whizz past", "answer", "let fly", "ring", "roar", "bellow", "crash", "thump", "clap", "crackle",
        "rattle", "ripple", "volley", "spatter", "sputter", "pop off", "go", "rip", "thud", "whine off",
        "splinter", "chip", "snick", "ping", "whistle", "hiss", "sing")),
    _P("Explosion", ("shell", "bomb", "grenade", "charge", "mortar", "rocket", "missile", "dynamite", "explosive",
                     "torpedo", "warhead", "landmine", "ordnance", "depth charge", "ammunition dump", "fuel tank",
                     "gas main", "boiler", "magazine", "fuel dump", "petrol tank", "incendiary", "incendiaries",
                     "v-1", "v-2", "doodlebug", "buzz bomb", "shellfire"),
       ("burst", "explode", "detonate", "go off", "land", "crump", "thud", "boom", "blast", "erupt", "blow up",
        "whump", "crash", "bang", "go up", "split the air", "rock the", "shake the")),
    _P("Explosion", ("artillery", "howitzer", "cannon", "barrage", "salvo", "bombardment", "the guns", "big guns",
                     "field guns", "heavy guns", "batteries", "battery", "flak", "mortars"),
       ("open up", "boom", "thunder", "pound", "rumble", "crash", "roar", "crump", "thud", "fire", "speak", "bark",
        "begin", "start", "shake the ground", "grumble", "growl", "hammer")),
    _P("Glass", ("glass", "glasses", "goblet", "tumbler", "bottle", "decanter", "crystal", "wineglass", "flute",
                 "ice", "spoon", "cup", "cups", "crockery", "china", "cutlery", "teacups", "saucer"),
       ("clink", "chink", "tinkle", "chime", "clatter", "rattle", "ring", "jingle", "knock together",
        "touch", "click", "tink", "chatter", "shiver", "tremble", "jangle", "clash", "rattle together", "ting",
        "sing", "knock", "clunk", "jostle", "dance", "buzz", "hum", "clack")),
    _P("Shatter", ("window", "glass", "pane", "windscreen", "windshield", "mirror", "bottle", "vase", "jar",
                   "plate", "cup", "mug", "bulb", "lamp", "chandelier", "crockery", "china", "teapot", "decanter",
                   "goblet", "tumbler", "skylight", "porthole", "display case", "screen"),
       ("shatter", "smash", "break", "splinter", "burst", "explode", "blow in", "blow out", "cave in", "disintegrate",
        "fly into pieces", "shower", "crack", "craze", "spray", "tinkle to the floor", "crash", "rain down",
        "rain", "shower down", "fly", "blow in", "blow out", "cascade", "scatter", "explode inwards", "give way",
        "go", "pop", "star", "splinter", "tinkle", "spill", "spray across", "come down", "come in", "fall in")),
    _P("Thump, thud", ("something", "body", "sack", "trunk", "suitcase", "crate", "gavel", "mallet", "clamp",
                       "clamps"),
       ("thud", "thump", "clunk", "thunk", "clonk", "whump", "thwack", "hit the floor", "hit the ground",
        "hit the deck", "land heavily")),
    _P("Rumble", ("something", "distance", "earth", "ground", "hills", "mountain", "underground", "depths", "carts",
                  "quake", "earthquake", "tremor", "aftershock", "the deep", "the earth", "bedrock", "the mountain",
                  "the glacier", "glacier", "icefall", "the ice", "ice sheet", "seracs", "scree",
                  "wagons", "convoy", "tanks", "volcano", "avalanche", "landslide", "rockfall", "floe"),
       ("rumble", "grumble", "growl", "boom", "mutter", "roll", "shudder", "groan", "moan", "grind", "roar",
        "thunder")),
    _P("Chop", ("axe", "axes", "hatchet", "cleaver", "billhook", "machete", "adze"),
       ("bite", "fall", "rise and fall", "ring", "thud", "thunk", "split", "chop", "crack", "bite deep", "swing",
        "chunk", "hack", "strike", "clunk", "whack", "cleave", "sink")),
    _P("Whoosh, swoosh, swish", ("arrow", "arrows", "blade", "sword", "whip", "rope", "cane", "scythe", "bat",
                                 "missile", "sabre", "rapier"),
       ("whoosh", "swish", "swoosh", "whistle", "hiss", "whip", "zip", "whirr", "sing", "thrum", "rush", "whizz",
        "whiz", "zing", "cut the air", "slice the air")),
)

# Nouns of sound that name their source after "of": "the drumming of rain", "a clatter of hooves".
SOUND_NOUNS = re.compile(
    r"\b(?:sound|sounds|noise|noises|roar|rumble|rumbling|clatter|clattering|drone|droning|hum|humming|whine|"
    r"crash|thud|thuds|creak|creaking|creaks|patter|pattering|drumming|rattle|rattling|clank|clanking|clang|"
    r"clanging|chime|chimes|chiming|ringing|tolling|pealing|peal|crackle|crackling|hiss|hissing|murmur|"
    r"murmuring|babble|babbling|chatter|chattering|howl|howling|howls|moan|moaning|wail|wailing|scream|"
    r"screaming|shriek|shrieking|screech|cry|cries|crying|call|calls|calling|song|singing|whistle|whistling|"
    r"tick|ticking|crunch|crunching|splash|splashing|slap|lap|lapping|boom|booming|thunder|bang|bangs|blast|"
    r"crack|cracks|report|stutter|buzz|buzzing|whirr|whirring|throb|throbbing|purr|purring|growl|growling|"
    r"bark|barking|yapping|baying|cawing|hooting|croaking|chirping|chirruping|tap|tapping|click|clicking|"
    r"clack|clacking|thump|thumping|pounding|tramp|tramping|shuffle|shuffling|scrape|scraping|rustle|rustling|"
    r"sigh|sighing|whisper|whispering|chug|chugging|honk|honking|blare|blaring|toll|knell|gurgle|gurgling|"
    r"beat|beating|hammering|clip-clop|clopping|ring|whoosh|swish|grind|grinding|squeal|squealing|squeak|"
    r"squeaking|thrum|thrumming|chorus|racket|din|clamour|clamor|tumult|uproar|cacophony|echo|echoes|note|notes|"
    r"blasts|toot|hoot|hoots|bray|bellow|skirl|jangle|jangling|tinkle|tinkling|clink|clinking|wheeze)"
    r"\s+of\s+(?:(?:the|a|an|his|her|their|its|our|my|some|many|distant|far-off|far|unseen|invisible|many|"
    r"heavy|light|steady|first|last|late|early|little|great|old|big|small|countless|hundred|thousand|two|"
    r"three|iron|wooden|iron-shod|shod|approaching|passing|departing|rising|falling|running|falling)\s+){0,3}"
    r"$", re.IGNORECASE)


# -- Blows on things that sound, and things that sound when used ------------------------------------------
# "Something heavy struck the front door twice", "three slow blows on the bedroom door", "someone was
# hammering at a keyboard", "someone answered with a handgun", "he gunned the engine": the sound belongs to
# what is struck or used, named after the verb (with "on", "at", "against" or "with" between, or nothing).
@dataclass(frozen=True)
class Contact:
    """A verb (or noun) of use or of a blow, and the things whose sound it makes: "struck" + "the door"."""

    label: str
    verbs: str  # regex alternation (verb_forms, plus nouns of the blow)
    things: str  # regex alternation (noun_forms)
    with_only: bool = False  # the thing is an instrument, after "with": "answered with a handgun"


def _K(label: str, verbs: tuple[str, ...], things: tuple[str, ...], nouns: tuple[str, ...] = (),
       with_only: bool = False) -> Contact:
    return Contact(label, verb_forms(*verbs) + ("|" + noun_forms(*nouns) if nouns else ""), noun_forms(*things),
                   with_only)


_DOOR_THINGS = ("door", "front door", "back door", "street door", "cabin door", "cell door", "bedroom door",
                "kitchen door", "study door", "office door", "shutter", "shutters", "door panel", "panels",
                "window", "windowpane", "pane", "glass", "the wood")
_WEAPONS = ("gun", "rifle", "pistol", "revolver", "shotgun", "musket", "carbine", "handgun", "colt",
            "winchester", "luger", "mauser", "sidearm", "derringer", "blunderbuss", "flintlock", "twelve-bore",
            "automatic", "service revolver", "hunting rifle", "sniper rifle")
CONTACTS: tuple[Contact, ...] = (
    _K("Knock", ("strike", "hit", "beat on", "beat at", "beat upon", "pound", "pound on", "pound at", "hammer",
                 "hammer on", "hammer at", "thump", "thump on", "thump at", "batter", "batter on", "batter at",
                 "bash on", "bash at", "thud against", "thud into", "kick at", "beat against", "pound against",
                 "hammer against"),
       _DOOR_THINGS[:12]),
    _K("Knock", ("rap", "rap on", "rap at", "knock", "knock on", "knock at", "drum on", "drum at", "tap on",
                 "tap at", "bang on", "bang at", "bang upon"),
       _DOOR_THINGS,
       ("blows on", "blows at", "blows upon", "blows against", "raps on", "raps at", "knocks on", "knocks at",
        "knocking on", "knocking at", "rapping on", "rapping at", "tapping on", "tapping at", "hammering on",
        "hammering at", "pounding on", "pounding at", "banging on", "banging at", "thumping on", "thumps on",
        "thumps at", "thuds on", "thuds against", "a blow on", "a blow against", "a thump on", "a thud against")),
    _K("Typing", ("hammer at", "hammer on", "hammer away at", "pound at", "pound on", "pound away at", "tap at",
                  "tap on", "tap away at", "peck at", "peck away at", "clatter at", "clatter away at", "rattle at",
                  "bash at", "bash away at", "bash on", "click away at", "type on", "type at", "type away at",
                  "batter at", "thump at"),
       ("keyboard", "keys", "typewriter", "laptop", "terminal", "computer", "word processor", "teleprinter",
        "the machine"),
       ("clatter of", "rattle of", "clack of", "tapping at", "hammering at", "clacking of")),
    _K("Gunshot, gunfire", ("answer", "reply", "respond", "fire back", "return fire", "let fly", "let rip",
                            "loose off", "blaze away", "open fire", "open up", "fire", "shoot", "blast away",
                            "pop off", "take a shot", "snap off a shot", "squeeze off a shot"),
       _WEAPONS, with_only=True),
    _K("Machine gun", ("answer", "reply", "respond", "fire back", "return fire", "let fly", "let rip", "open fire",
                       "open up", "rake", "spray", "sweep"),
       ("machine gun", "machine-gun", "maxim", "bren", "lewis gun", "spandau", "gatling", "tommy gun", "sten",
        "submachine gun", "sub-machine gun", "kalashnikov", "uzi", "automatic weapon", "machine pistol"),
       with_only=True),
    _K("Bell", ("ring", "clang", "strike", "jangle", "swing", "shake", "ding", "tinkle", "sound", "bang", "beat"),
       ("bell", "handbell", "hand bell", "gong", "dinner gong", "shop bell", "counter bell", "service bell",
        "desk bell", "school bell", "ship's bell", "cowbell", "triangle", "fire bell", "alarm bell")),
    _K("Vehicle horn, car horn, honking", ("sound", "blow", "honk", "toot", "blast", "lean on", "hit", "press",
                                           "beep", "bang on", "sit on", "punch"),
       ("horn", "car horn", "hooter", "klaxon")),
    _K("Steam whistle", ("blow", "sound", "pull", "yank", "tug"),
       ("whistle", "steam whistle", "foghorn", "hooter", "whistle cord", "whistle chain", "whistle lanyard")),
    _K("Engine", ("start", "gun", "rev", "fire up", "crank", "crank up", "kick-start", "kick over", "start up",
                  "rev up", "turn over", "gun up", "race", "throttle up", "open up"),
       ("engine", "motor", "motorbike", "motorcycle", "bike", "outboard", "tractor", "generator", "chainsaw",
        "mower", "lawnmower", "jeep", "truck", "lorry", "van", "car", "quad", "moped", "scooter", "diesel",
        "engines", "motors", "the old girl")),
)
# A place resounding with a source: "the poker tables were loud with argument", "the square seethed with
# voices", "the yard rang with hammering". The source after "with" is a noun of a `Pairing`.
RESOUNDING = re.compile(
    r"\b(?:loud|noisy|clamorous|rang|ringing|rings|ring|echoed|echoing|echoes|resounded|resounding|hummed|humming|"
    r"buzzed|buzzing|roared|roaring|seethed|seething|thrummed|throbbed|throbbing|thundered|clattered|rattled|"
    r"shook|shaking|trembled|shivered|vibrated|alive|raucous|deafening)\s+with\s+"
    r"(?:(?:the|a|an|their|its|his|her|some|distant|constant|endless|steady|shrill|raucous|loud|cheerful|angry|"
    r"drunken|excited|rising|falling|sound|sounds|noise|noises|din|racket|clamour|clamor|roar|hum|buzz|"
    r"murmur|chorus|clatter|rattle|of)\s+){0,4}$", re.IGNORECASE)


# -- Sources a scene implies ------------------------------------------------------------------------------
# What a loud sound does to the things near it, when the text names only the effect: "the floor shuddered
# and the windows rattled", "the ground jumped under them", "earth pattered down from the roof".
EFFECTS = re.compile(
    r"\b(?:(?P<pane>windows?|window ?panes?|panes?|sash(?:es)?|sash windows?|glass|glasses|crockery|cups|plates|"
    r"china|ornaments|bottles|cutlery|the door in its frame|shutters)|(?P<ground>the house|the building|"
    r"(?:the )?walls?|the floor|floorboards|the ground|the earth|the bed|the lamp|the chandelier|the shelves|"
    r"everything|the whole (?:place|house|building|room|flat|street|floor|shelter|station|block|tenement)|"
    r"the (?:place|room|flat|shelter|cellar|dugout|roof|ceiling|arches|table|deck|hull|platform|bunk|bridge|"
    r"tower|hut|cabin|caravan)))\s+(?:\w+\s+)?"
    r"(?:shook|shakes|shaking|shuddered|shudders|trembled|trembles|trembling|rattled|rattles|rattling|buzzed|"
    r"hummed|juddered|jumped|jumps|quivered|vibrated|chattered|jingled|tinkled|heaved|lurched|rocked|jolted|"
    r"bucked|danced|thrummed|shivered|throbbed|jarred)\b|"
    r"\b(?P<dust>dust|plaster|earth|soot|grit|flakes of plaster|chalk)\s+(?:\w+\s+)?(?:sifted|pattered|trickled|"
    r"fell|rained|showered|drifted|came|spilled|poured)\s+down\b", re.IGNORECASE)
# Classes a scene can imply, in order of precedence, each with the words that set such a scene.
WAR = (r"\b(?:bombs?|bombers?|bombing|shells?|shelling|shellfire|raids?|air-raid|blitz|shelter|artillery|barrage|"
       r"bombardment|trench|trenches|front line|(?:at|to|from|near) the front|mortars?|the guns|no man's land|"
       r"dugout|duckboards|siege|"
       r"grenades?|blackout|flak|doodlebugs?|luftwaffe|ack-ack|the warning)\b")
STORM = r"\b(?:thunder\w*|lightning|storm\w*|tempest|cloudburst|the sky|skies|clouds)\b"
WINDY = (r"\b(?:wind|winds|windy|gale|gales|gusts?|gusting|gusty|squalls?|blustery|blizzard|weather|hurricane|"
         r"typhoon|draughty|storm)\b")
QUAKE = r"\b(?:earthquake|quake|tremors?|aftershocks?|seismic|volcano|eruption|landslide|avalanche)\b"
AIRFIELD = r"\b(?:airport|airfield|runway|taxiway|flight path|jets?|planes?|aircraft|helicopters?|hangar|airstrip)\b"
TRAFFIC = (r"\b(?:lorry|lorries|trucks?|traffic|juggernauts?|buses|bus|motorway|main road|highway|tanks|convoy|"
           r"rush hour)\b")
IMPLIED: tuple[tuple[str, str], ...] = (
    ("Explosion", WAR), ("Train", RAILWAY), ("Wind", WINDY), ("Thunder", STORM), ("Rumble", QUAKE),
    ("Aircraft", AIRFIELD), ("Car", TRAFFIC), ("Steam whistle", WATERSIDE + "|" + INDUSTRY),
    ("Mechanisms", INDUSTRY),
)
# Noises of any source: "the frogs kept up their racket", "the engine set up a din".
NOISES = frozenset(("racket", "din", "noise", "row", "clamour", "clamor", "chorus", "commotion", "hullabaloo",
                    "rumpus", "cacophony", "ruckus", "fuss", "song", "serenade", "concert"))

