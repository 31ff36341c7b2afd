"""The words the speaker stage knows, in one place: titles and the gender
they carry, nouns for kinds of people, pet names, words that are never
names, speech verbs, and the relations and forms of address that point at
a person. Data only; the modules that use them say how."""
from __future__ import annotations

HONORIFICS = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "master": "male",
    "monsieur": "male", "signor": "male", "herr": "male", "uncle": "male", "father": "male",
    "king": "male", "prince": "male", "duke": "male", "count": "male", "baron": "male",
    "mrs": "female", "miss": "female", "ms": "female", "mme": "female", "mlle": "female",
    "madame": "female", "madam": "female", "mademoiselle": "female", "lady": "female",
    "dame": "female", "aunt": "female", "mother": "female", "sister": "female",
    "queen": "female", "princess": "female", "duchess": "female", "countess": "female",
    "baroness": "female", "signora": "female", "frau": "female",
    "colonel": "male", "captain": "male", "major": "male", "general": "male",
    "lieutenant": "male", "sergeant": "male", "inspector": "male", "reverend": "male", "rev": "male",
    "dr": None, "doctor": None, "professor": None, "cousin": None,
}
# A married woman's titles: "Madame Grey" and "Countess Grey" are one woman, where
# "Mrs. Grey" and "Miss Grey" are mother and daughter.
WIFE_TITLES = {"mrs", "mme", "madame", "lady", "countess", "duchess", "baroness", "princess", "queen",
               "frau", "signora", "dame"}
# Titles written before a given name as often as a surname (Miss Elizabeth).
GIVEN_NAME_TITLES = {"miss", "lady", "sir", "lord", "master", "dame"}
# Words that name a kind of person and carry a gender: "said his wife".
GENDERED_NOUNS = {
    "female": "woman women lady girl wife mother sister daughter aunt niece widow queen "
              "duchess mistress maid governess hostess landlady grandmother mamma mama "
              "mum bride actress",
    "male": "man men gentleman boy husband father brother son uncle nephew king duke "
            "master lad fellow landlord grandfather papa sir butler host",
}
GENDER_OF_NOUN = {w: g for g, words in GENDERED_NOUNS.items() for w in words.split()}
# Pet names for the commonest given names.
NICKNAMES = {
    "elizabeth": "lizzy lizzie liz eliza beth betsy betty bess lisa",
    "margaret": "maggie meg peggy madge", "catherine": "kitty kate cathy katie",
    "katherine": "kitty kate kathy katie", "mary": "molly polly mamie",
    "william": "will bill billy willie", "robert": "bob bobby rob", "john": "jack johnny",
    "richard": "dick", "edward": "ted ned eddie", "henry": "harry hal", "james": "jim jimmy jem",
    "thomas": "tom tommy", "charles": "charlie chuck", "frederick": "fred freddy",
    "alexander": "alex sandy", "susan": "sue susie", "sarah": "sally", "ann": "annie nan",
    "anne": "annie nan", "jane": "jenny", "georgiana": "georgie", "dorothy": "dolly dot",
    "benjamin": "ben", "samuel": "sam", "joseph": "joe", "daniel": "dan danny",
}
NICKNAME_OF = {nick: full for full, nicks in NICKNAMES.items() for nick in nicks.split()}
# Capitalised words that are never people on their own.
NOT_NAMES = set(
    "i i'm i'll i've i'd the a an he she it they we you his her its their our my your this that "
    "these those there here then than when where what who whom whose which why how if but and "
    "or nor so yet oh ah o yes no not nay well now come go do did does let pray perhaps indeed "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december god lord heaven heavens christ jesus "
    "sir madam ma'am miss mr mrs dr chapter book part volume english french german italian "
    "american england london paris rome christmas easter mamma papa mama mother father "
    "aunt uncle hell providence nature fortune fate majesty highness lordship ladyship "
    "one two three four five six seven eight nine ten some every any all each both either "
    "neither none nothing everything someone somebody anybody nobody".split()
)

SPEECH_VERBS = """
said says say saying asked asks answered answers replied replies returned cried cries exclaimed
exclaims added adds continued continues observed observes remarked remarks rejoined resumed
repeated whispered whispers muttered murmured shouted called began begins inquired enquired
demanded declared thought interrupted retorted responded explained urged pleaded protested
sighed laughed growled snapped stammered suggested persisted insisted concluded echoed
ventured admitted agreed objected screamed roared sobbed panted gasped groaned grumbled
ejaculated pursued faltered hazarded interposed mused reflected wondered queried breathed
recommenced proceeded chimed joined told cautioned assented acknowledged announced argued
bawled blurted boasted chuckled commented complained confessed corrected counselled
cried croaked drawled grunted hissed howled implored informed jeered lamented mumbled
nodded noted offered ordered prompted quoth raged reasoned recalled reminded reported
said scolded shrieked snarled sneered sniffed soothed spluttered sputtered stated
stormed teased thundered volunteered vowed wailed warned yelled went put struck broke
addressed accosted
""".split()
PERSON_NOUNS = set(GENDER_OF_NOUN) | set(
    "companion friend stranger visitor officer doctor detective child creature voice other "
    "person prisoner inspector captain colonel servant guest youth elder agent clerk driver "
    "lawyer judge soldier sailor captain coachman old young".split()
)

# "his wife" of Mr. X is Mrs. X: the title a relation gives under the same surname.
RELATIVE_TITLE = {"wife": "Mrs.", "lady": "Mrs.", "husband": "Mr.", "mother": "Mrs.", "mamma": "Mrs.",
                  "mama": "Mrs.", "father": "Mr.", "papa": "Mr.", "brother": "Mr.", "son": "Mr.", "sister": "Miss",
                  "daughter": "Miss"}
PRONOUN_GENDER = {"he": "male", "she": "female"}
POSSESSIVE_GENDER = {"his": "male", "her": "female"}
RANK_TITLES = {"ladyship": "lady", "lordship": "lord"}
PARENT_TITLES = {"papa": "Mr.", "mama": "Mrs.", "mamma": "Mrs."}
TITLE_GENDER = {"sir": "male", "papa": "male", "lord": "male", "uncle": "male", "father": "male",
                 "madam": "female", "ma'am": "female", "mama": "female", "mamma": "female",
                 "lady": "female", "miss": "female", "aunt": "female", "mother": "female"}
