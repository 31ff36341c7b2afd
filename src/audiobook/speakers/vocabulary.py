"""The words the speaker stage knows, in one place: titles and the gender
they carry, nouns for kinds of people, pet names, words that are never
names, speech verbs, and the relations and forms of address that point at
a person. Data only; the modules that use them say how."""
from __future__ import annotations

HONORIFICS = {
    "mr": "male", "m": "male", "mister": "male", "sir": "male", "lord": "male", "master": "male",
    "monsieur": "male", "signor": "male", "herr": "male", "uncle": "male", "father": "male",
    "king": "male", "prince": "male", "duke": "male", "count": "male", "baron": "male",
    "mrs": "female", "miss": "female", "ms": "female", "mme": "female", "mlle": "female",
    "madame": "female", "madam": "female", "mademoiselle": "female", "lady": "female",
    "dame": "female", "aunt": "female", "mother": "female", "sister": "female",
    "queen": "female", "princess": "female", "duchess": "female", "countess": "female",
    "baroness": "female", "signora": "female", "frau": "female",
    "sahib": "male", "memsahib": "female", "senor": "male", "senora": "female", "senorita": "female",
    "colonel": "male", "captain": "male", "major": "male", "general": "male",
    "lieutenant": "male", "sergeant": "male", "inspector": "male", "reverend": "male", "rev": "male",
    "dr": None, "doctor": None, "professor": None, "cousin": None,
}
# A married woman's titles: "Madame Grey" and "Countess Grey" are one woman, where
# "Mrs. Grey" and "Miss Grey" are mother and daughter.
WIFE_TITLES = {"mrs", "mme", "madame", "lady", "countess", "duchess", "baroness", "princess", "queen",
               "frau", "signora", "dame"}
# A title written out and shortened is one title: "the Doctor" is Dr. Grey.
TITLE_IN_FULL = {"dr": "doctor", "rev": "reverend", "mr": "mister", "mme": "madame", "mlle": "mademoiselle"}

# Titles written before a given name as often as a surname (Miss Nora).
GIVEN_NAME_TITLES = {"miss", "lady", "sir", "lord", "master", "dame", "aunt", "uncle", "mlle", "mademoiselle"}
# ... and those written before a given name only: "Aunt Polly" is called "Polly", "Miss Grey" is no "Grey".
GIVEN_NAME_ONLY_TITLES = {"sir", "dame", "aunt", "uncle"}
# Words that name a kind of person and carry a gender: "said his wife".
GENDERED_NOUNS = {
    "female": "woman women lady girl wife mother sister daughter aunt niece widow spinster heiress "
              "mistress grandmother mamma mama mom mommy mummy ma godmother fiancee "
              "mum bride actress mother-in-law sister-in-law daughter-in-law stepmother stepdaughter "
              "granddaughter grandma granny female gentlewoman kinswoman heroine englishwoman frenchwoman "
              "crone hag ancestress authoress poetess sorceress enchantress patroness benefactress "
              "proprietress manageress murderess adventuress shepherdess songstress temptress priestess "
              "prioress giantess signora signorina senora senorita relict",
    "male": "man men gentleman boy husband father brother son uncle nephew "
            "master lad fellow grandfather papa dad daddy pa godfather fiance sir widower bachelor father-in-law "
            "brother-in-law "
            "son-in-law stepfather stepson grandson grandpa male kinsman hero bridegroom englishman "
            "frenchman irishman scotsman welshman dutchman",
}
GENDER_OF_NOUN = {w: g for g, words in GENDERED_NOUNS.items() for w in words.split()}
# Pet names for the commonest given names.
NICKNAMES = {
    "elizabeth": "lizzy lizzie liz eliza beth betsy betty bess lisa",
    "margaret": "maggie meg peggy madge", "catherine": "kitty kate cathy katie",
    "katherine": "kitty kate kathy katie", "mary": "molly polly mamie",
    "william": "will bill billy willie", "robert": "bob bobby rob", "john": "jack johnny",
    "richard": "dick", "edward": "ted ned eddie", "henry": "harry hal", "james": "jim jimmy jem",
    "thomas": "tom tommy", "charles": "charlie charley chuck", "frederick": "fred freddy",
    "alexander": "alex sandy", "susan": "sue susie", "sarah": "sally", "ann": "annie nan",
    "anne": "annie nan", "jane": "jenny", "georgiana": "georgie", "dorothy": "dolly dot",
    "benjamin": "ben", "samuel": "sam", "joseph": "joe", "daniel": "dan danny",
    "lawrence": "larry", "francis": "frank frankie", "frances": "fanny",
    "anthony": "tony", "nicholas": "nick", "andrew": "andy", "michael": "mike mickey",
    "patrick": "pat paddy", "peter": "pete", "stephen": "steve", "timothy": "tim",
    "matthew": "matt", "christopher": "chris kit", "nathaniel": "nat", "theodore": "teddy theo",
    "albert": "bertie", "alfred": "alf alfie", "rebecca": "becky", "eleanor": "nell nellie",
    "harriet": "hattie", "caroline": "carrie", "isabella": "bella", "abigail": "abby",
    "judith": "judy", "philip": "phil", "augustus": "gus",
    "evelyn": "evie", "victoria": "vicky", "josephine": "josie", "florence": "flo florrie", "louisa": "lou",
    "matilda": "tilly", "henrietta": "hetty", "winifred": "winnie", "gertrude": "gertie", "amelia": "milly",
    "emily": "emmie", "cecilia": "cissy", "augusta": "gussie", "christina": "chrissie", "ernest": "ernie",
    "herbert": "herbie", "archibald": "archie", "reginald": "reggie", "ronald": "ronnie", "donald": "donnie",
    "gerald": "gerry", "leonard": "lenny", "walter": "wally", "arthur": "artie", "gilbert": "gil",
    "percival": "percy", "montague": "monty", "tobias": "toby", "isaac": "ike",
}
NICKNAME_OF = {nick: full for full, nicks in NICKNAMES.items() for nick in nicks.split()}
# Words that are never names, even in a listed character's name ("That Inspector In The Cab").
FUNCTION_WORDS = set(
    "i i'm i'll i've i'd the a an he she it they we you his her its their our my your this that "
    "these those there here then than when where what who whom whose which why how if but and "
    "or nor so yet oh ah o yes no not nay well now come go do did does let pray perhaps indeed "
    "in on at of to by for from with into upon over under".split()
)
# Months, days and numbers that are names as well ("May", "Friday", "Five"): a person where the tags
# say so (scene.py).
SOMETIMES_NAMES = set("january february march april may june july august september october november december "
                      "monday tuesday wednesday thursday friday saturday sunday "
                      "two three four five six seven eight nine ten".split())
# Capitalised words that are never people on their own.
NOT_NAMES = FUNCTION_WORDS | SOMETIMES_NAMES | set(
    "god lord heaven heavens christ jesus "
    "sir madam ma'am miss mr mrs dr chapter book part volume english french german italian "
    "american england london paris rome christmas easter mamma papa mama mother father "
    "aunt uncle hell providence nature fortune fate majesty highness lordship ladyship "
    "one some every any all each both either "
    "neither none nothing everything someone somebody anybody nobody".split()
)

# Verbs that report speech, by sense. Past tense mostly (the narration's),
# a few present forms; -ing forms are added where tags use them.
SPEECH_VERBS_BY_SENSE = {
    "saying": "said says say told tells spoke speaks uttered stated declared declares announced remarked remarks "
              "reiterated conjectured "
              "observed observes commented noted mentioned added adds continued continues resumed repeated "
              "repeats began begins concluded explained asserted affirmed maintained insisted persisted "
              "pursued proceeded recommenced recited quoted volunteered ventured hazarded suggested "
              "proposed hinted reported recalled reminded informed advised counselled assured "
              "conceded went put quoth echoed chimed joined addressed accosted greeted lied fibbed "
              "translated summarized summarised recounted related narrated described specified "
              "add explain remark observe",  # after "hastened to", "began to"
    "asking": "asked asks ask inquire enquire inquired inquires enquired queried questioned demanded wondered "
              "pleaded begged besought implored entreated urged prayed appealed prompted challenged",
    "answering": "answered answers answer reply replied replies responded returned retorted rejoined countered "
                 "acknowledged assented agreed admitted confessed confirmed objected protested argued disagreed "
                 "contradicted corrected interrupted interposed interjected broke struck demurred remonstrated "
                 "expostulated",
    "loud": "cried cries shouted exclaimed exclaims ejaculated yelled screamed shrieked bellowed roared "
            "thundered bawled hollered called calls hailed howled wailed screeched squealed squeaked boomed "
            "blurted exploded vociferated yelped squawked bleated",
    "soft": "whispered whispers murmured murmurs muttered mutters mumbled breathed sighed hissed purred crooned "
            "cooed lisped faltered stammered stuttered quavered gasped panted choked sobbed wept whimpered "
            "moaned groaned grunted growled snarled snapped barked croaked drawled rasped wheezed chirped "
            "chirruped piped trilled warbled sang chanted intoned spluttered sputtered whined blubbered "
            "snorted rumbled",
    "feeling": "laughed chuckled giggled tittered sniggered snickered chortled smiled grinned beamed sneered "
               "scoffed jeered mocked taunted teased chaffed bantered joked jested quipped scolded chided rebuked "
               "reproached reproved admonished warned cautioned threatened swore cursed raged fumed stormed "
               "blustered complained grumbled lamented mourned fretted boasted bragged gushed exulted rejoiced "
               "marvelled marveled soothed comforted consoled reassured encouraged coaxed wheedled cajoled "
               "persuaded sniffed babbled prattled chattered jabbered gabbled",
    "telling": "ordered commanded bade bid instructed decreed pronounced proclaimed vowed promised "
               "swore",
    "thinking": "thought reflected mused pondered reasoned supposed guessed reckoned surmised",
}
# Of those, the ones that show a face or a breath, not words: a paragraph "Ann smiled." is no lead-in to speech.
MANNER_VERBS = set("laughed chuckled giggled tittered smiled grinned beamed sneered sighed gasped sobbed wept groaned "
                   "moaned sniffed snorted".split())
SPEECH_VERBS = sorted({v for words in SPEECH_VERBS_BY_SENSE.values() for v in words.split()})
# Verbs that are speech only with their particle: "she burst out", "he cut in".
PHRASAL_SPEECH_VERBS = ("burst out", "cut in", "rapped out", "threw in", "rattled on", "rambled on", "ran on",
                        "jerked out", "brought out",
                        "spoke up", "spoke out", "flung out", "shot out", "struck in", "piped up", "burst forth",
                        "shot back", "fired back", "threw back", "flung back", "tossed back", "tossed off",
                        "ground out", "bit out", "forced out", "got out", "spat out", "gave back", "broke out",
                        "pointed out", "read out", "sang out", "called back", "whispered back", "shouted back",
                        "summed up", "broke off", "trailed off", "faltered out")
# Nouns a narration calls a spoken line by: "was her reply", "came the answer".
SPEECH_NOUNS = set("reply answer rejoinder retort response comment remark cry exclamation question greeting "
                   "verdict observation protest whisper rejoicing demand order words".split())
# People of any kind or none: "said the stranger" is whoever is in view.
_ANYONE = ("companion friend cousin guardian ward stranger visitor guest host neighbour neighbor newcomer other elder "
           "person people "
           "creature voice figure speaker child baby infant youth youngster individual lad lass maiden damsel "
           "fellow chap foreigner native traveller traveler passenger wayfarer tourist spectator onlooker bystander "
           "caller intruder listener interlocutor comrade partner rival enemy foe lover sweetheart orphan "
           "veteran novice sufferer victim culprit wretch urchin ruffian villain rascal scoundrel rogue knave fool "
           "simpleton coward savage dwarf giant ancestor benefactor protector suitor wooer champion "
           "inquirer enquirer hunchback cripple prodigy dupe trader housebreaker looker-on passer-by emissary "
           "delegate")
# People a story brings on new by what they are to the scene: "cried a looker-on" is someone not met yet.
NEWCOMER_NOUNS = frozenset("stranger newcomer looker-on passer-by bystander onlooker spectator".split())
# Words that describe half the people in a story: "an old gentleman" may be anyone already in it.
PLAIN_ADJECTIVES = set("old young little elderly tall short shorter taller stout thin fat big small good poor dear "
                       "other second third another new certain strange same".split())
# Nouns for kinds of people, so that "said the croupier" is a person speaking and
# "repeated the order" is not: relations, ages, ranks, trades and roles.
PERSON_NOUNS = set(GENDER_OF_NOUN) | set(_ANYONE.split()) | set(
    "servant maid housemaid housekeeper butler valet page groom footman coachman cabman cabby driver "
    "ostler porter waiter waitress steward stewardess cook nurse governess tutor teacher schoolmaster "
    "schoolmistress scholar student pupil professor clerk secretary lawyer attorney solicitor barrister judge "
    "magistrate doctor surgeon physician apothecary chemist parson vicar curate clergyman priest minister "
    "rector bishop monk nun abbot abbess preacher officer soldier sailor seaman captain mate boatswain "
    "pilot colonel major general lieutenant sergeant corporal private admiral commander marshal guard "
    "sentry sentinel constable policeman inspector detective agent spy jailer jailor gaoler turnkey warder "
    "keeper watchman usher official commissioner director manager proprietor owner tenant lodger client "
    "customer patient invalid prisoner convict thief robber burglar murderer beggar tramp pedlar peddler "
    "merchant shopkeeper shopman tradesman dealer farmer labourer laborer workman miner smith blacksmith "
    "carpenter baker butcher barber tailor innkeeper publican barmaid landlord fisherman hunter huntsman "
    "gardener shepherd herdsman miller weaver hatter croupier beadle matron tinker messenger postman "
    "newsboy engineer conductor king emperor empress prince princess duke earl count baron knight squire "
    "chief leader captain pirate brigand rider horseman queen duchess hostess landlady actress".split()
) | set(  # more of the same, by kind: the sea, the law, the church, the land, the town, the court, the road
    "skipper harpooner boatman ferryman bargeman coxswain quartermaster purser midshipman deckhand stoker "
    "fireman lighthouse-keeper harbourmaster "
    "sheriff deputy marshal bailiff coroner notary advocate counsel prosecutor witness juror warden "
    "superintendent trooper ranger scout cadet ensign gunner rifleman dragoon hussar lancer grenadier "
    "chaplain deacon sexton verger friar hermit pilgrim missionary cardinal rabbi "
    "rancher cowboy planter overseer foreman ploughman carter drover gamekeeper poacher woodsman woodcutter "
    "forester trapper peasant villager countryman townsman landowner "
    "banker broker cashier accountant auctioneer grocer greengrocer fishmonger costermonger hawker vendor "
    "brewer cobbler shoemaker saddler wheelwright cooper potter mason bricklayer plumber glazier locksmith "
    "gunsmith goldsmith jeweller jeweler watchmaker printer bookseller draper haberdasher milliner "
    "dressmaker seamstress laundress washerwoman charwoman nursemaid midwife nanny chambermaid kitchenmaid "
    "dairymaid milkmaid milkman sweep lamplighter bellman crier chef confectioner barman bartender "
    "barkeeper doorman concierge bellboy chauffeur mechanic stationmaster signalman jockey trainer "
    "postilion undertaker gravedigger dentist orderly apprentice journeyman courier envoy informer "
    "artist painter sculptor poet author writer editor reporter journalist actor singer dancer musician "
    "fiddler piper drummer bugler trumpeter interpreter guide "
    "mayor alderman councillor governor senator ambassador consul diplomat chancellor president regent "
    "viceroy baronet viscount viscountess marquis marquess marchioness countess baroness archduke tsar czar "
    "czarina sultan pasha emir rajah chieftain headman "
    "jester herald minstrel bard sacristan chamberlain "
    "pickpocket highwayman smuggler executioner hangman schoolboy schoolgirl pauper slave serf".split()
)
# Trades and ranks held by one sex only, in the stories these tools read: the voice of "the seamstress".
ROLE_GENDER = {
    **{w: "female" for w in "queen duchess maid governess hostess landlady actress "
       "waitress stewardess schoolmistress barmaid housemaid nun abbess princess empress "
       "countess baroness viscountess marchioness czarina schoolgirl milliner seamstress "
       "laundress washerwoman charwoman nursemaid midwife nanny chambermaid kitchenmaid dairymaid milkmaid".split()},
    **{w: "male" for w in "king duke butler landlord host "
       "prince emperor monk abbot friar earl count baron viscount marquis marquess archduke "
       "tsar czar sultan pasha emir rajah baronet schoolboy milkman".split()},
}


def _plural(noun: str) -> str:
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


# "one of the gentlemen": the group a someone belongs to, and the person noun for one of it
PERSON_PLURALS = {_plural(noun): noun for noun in PERSON_NOUNS} | {"children": "child", "people": "person"}


def noun_gender(noun: str) -> str | None:
    """The gender a person noun says: "widow", and one-sex trades ("seamstress")."""
    return GENDER_OF_NOUN.get(noun) or ROLE_GENDER.get(noun)


# What a parent is called, by their child, and the title they go by: "Dad, ..." is said to Mr. Grey.
PARENT_WORDS = {"male": "father papa pa dad daddy pop", "female": "mother mamma mama ma mum mummy mom mommy"}
PARENT_TITLE = {"male": "Mr.", "female": "Mrs."}
PARENT_GENDER = {word: g for g, words in PARENT_WORDS.items() for word in words.split()}
# "his wife" of Mr. Grey is Mrs. Grey: the title a relation gives under the same surname.
RELATIVE_TITLE = {"wife": "Mrs.", "lady": "Mrs.", "husband": "Mr.", "brother": "Mr.", "son": "Mr.",
                  "sister": "Miss", "daughter": "Miss", **{word: PARENT_TITLE[g] for word, g in PARENT_GENDER.items()}}
# Family a first-person narrator calls "my ...": "said my uncle" is someone of the story, voiced as "My Uncle".
KIN_NOUNS = {*RELATIVE_TITLE, "uncle", "aunt", "cousin", "grandmother", "grandfather", "grandma", "grandpa",
             "granny", "nephew", "niece", "guardian", "stepmother", "stepfather"} - {"lady"}
MARRIAGE = {"wife", "lady", "husband"}  # relations by marriage: not under an unmarried title's surname
UNMARRIED_TITLES = {"miss", "mlle", "mademoiselle", "master"}
POSSESSIVE_GENDER = {"his": "male", "her": "female"}
# Words said to someone that tell the addressee's gender: "Yes, Ma'am."
TITLE_GENDER = {"sir": "male", "lord": "male", "uncle": "male", "grandpa": "male", "grandfather": "male",
                "madam": "female", "ma'am": "female", "lady": "female", "miss": "female", "aunt": "female",
                "grandma": "female", "granny": "female", "grandmother": "female", **PARENT_GENDER}
# Nouns for a young woman: "the girl" is not someone the story calls Mrs. Grey.
YOUNG_WOMEN = {"girl", "lass", "maiden", "damsel", "lassie"}
# Words anyone may be called by ("Yes, Madame"): alone they name nobody in particular.
FORMS_OF_ADDRESS = {"mr", "mrs", "miss", "ms", "m", "mme", "mlle", "sir", "madam", "madame", "ma'am", "monsieur",
                    "mademoiselle", "signor", "signora", "herr", "frau", "senor", "senora", "senorita"}
# How a rank is spoken of, after "his" or "her": "said her Ladyship", "his Majesty replied". The one in view
# of that gender (the possessive's), never a person of their own.
RANK_ADDRESS = frozenset("ladyship lordship majesty highness excellency grace honour honor worship".split())
PERSON_NOUNS |= RANK_ADDRESS
# Trades and roles: "said the cook" is someone of their own, not whoever is in view.
ROLE_NOUNS = PERSON_NOUNS - set(GENDER_OF_NOUN) - set(_ANYONE.split()) - RANK_ADDRESS

# Trades known by more than one word: "Mr. Grey, a surgeon," is "the doctor" too.
_ROLE_KINDS = ("doctor surgeon physician", "lawyer attorney solicitor", "clergyman parson vicar curate rector",
               "policeman constable")
ROLE_KINDS = {word: tuple(kind.split()) for kind in _ROLE_KINDS for word in kind.split()}
