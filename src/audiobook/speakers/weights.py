"""The numbers the speaker stage weighs candidates and decisions by, each with its
reason. (How far a few scans look, in mentions or paragraphs, is set beside the
scan: names.PRONOUN_WINDOW, the windows in scene.py and salience.py.)

Scores are added, so only their sizes relative to one another matter: a
speech tag naming someone (4) outweighs anything guessed from turn-taking
(about 1 a turn), and is outweighed only by the tags of other turns.
"""

# --- how sure each way of deciding is (Segment.confidence) -----------------------
# Measured on the development novels as the share right, rounded down a little;
# bench/attribution.py prints the calibration table these should match.
CONFIDENCE = {
    "pinned": 1.0,  # the user said so
    "explicit": 0.95,  # a tag naming the speaker: wrong only when the name is (0.97 right on the dev novels)
    "role": 0.6,  # a trade or role a tag names, taken as a person of its own ("said the cook") (0.52 to 0.59)
    "first-person": 0.95,  # "I said" in a story told in the first person (1.0)
    "continued": 0.9,  # a speech running on from the paragraph before (0.95)
    "relative": 0.85,  # "his wife" of a man whose surname the text gives (0.87)
    "addressed": 0.85,  # the one the last speaker called by name answers (0.87)
    "pronoun": 0.85,  # "she said" with one woman in view; less for each other one (0.84 to 0.64)
    "description": 0.85,  # "the old man said" with one man in view; much less with more (0.86 to 0.3)
    "context": 0.75,  # someone named acting before the quotation, or opening the narration after it (0.79 to 0.80)
    "nearby": 0.6,  # a he/she acting there, anyone named there, the subject of the paragraph before (0.61 to 0.62)
    "alternation": 0.7,  # turn-taking that the whole exchange agrees with (0.72)
    "unknown": 0.0,
}
RIVAL_DOUBT = {"pronoun": 0.04, "description": 0.1}  # lost per other person of the gender in view
# lost by a he/she or description for the part of MARGIN_FULL it did not lead by: near ties are 0.67 right,
# clear picks 0.87 to 0.91 (pronouns); the least-sure 20% then hold 0.62 of the errors, not 0.58 (0.3 to 0.5
# capture a little more, 0.63 to 0.64, but leave the near ties under-confident)
NARROW_DOUBT = {"pronoun": 0.2, "description": 0.2}
CONTESTED = 0.2  # lost when settling the exchange overturned the first guess (0.54 right, against 0.72)
CROWD = 0.03  # lost by turn-taking per participant beyond two
SHORT_EXCHANGE = 0.1  # lost by turn-taking in an exchange of one or two turns: nothing to alternate with
LOOSE_TURN = 0.2  # lost by turn-taking across more than TURN_TAKING_GAP words of narration (0.4 to 0.64 right)
CONFIDENCE_FLOOR = 0.2

# --- one person, one voice (names.py, scene.py) ---------------------------------
SURNAME_DOMINANT = 3  # a bare "Grey" is the man whose full name is written this many times more than another Grey's
NAMED_AHEAD = 3000  # characters a role may be at work before the name set beside it first appears, and be them
ROLE_ACTS = 3  # a role ("the detective") opening this many narration sentences is a person, though never tagged
EPITHET_TIMES = 3  # "the man in the grey coat" written this often is someone's name, when a tag says it
ANSWERED_AS_MIN = 5  # the one called "Tom" answering as "the smith" this often is the same person...
ANSWERED_AS_RATIO = 3  # ... if that is this many times as often as they answer as "Tom"
MISSPELT_TIMES = 3  # a name written at most this often, a letter off another's ("Mr. Browlow"), is a slip...
MISSPELT_RATIO = 5  # ... when that other's names are written this many times as often: one person

# --- who is in view when "he" or "she" speaks (salience.py) ---------------------
PRONOUN_CLUES = {
    "recent": 1.5,  # in view lately, divided by how far back (1, 1/2, 1/3...)
    "in paragraph": 8.0,  # named in the quotation's own paragraph, before the tag (fitted: 4 -> 8)
    "paragraph subject": 6.75,  # and the subject of its first clause: who acts, then speaks
    "addressed before": 12.0,  # called by name in the turn before: the one spoken to answers
    "turn-taking": 0.625,  # the one who spoke two turns back (less across narration: TURN_TAKING_GAP)
    "in conversation": 0.25,  # has spoken in this exchange
    "topic": 1.0,  # the last subject of that gender in the narration
    "last speaker": -1.0,  # the last turn's speaker seldom speaks again untagged (more often across narration)
    "resumes": 1.0,  # ... unless narration came between: then they go on
    "lead-in subject": 1.0,  # the subject of the narration paragraph just before
    "lead-in last": 1.5,  # the last one that paragraph names: "...she was overtaken by Tom. / 'Ah,' said he"
}
# Taken from someone the narration names TALKED_ABOUT times or more whom no tag of the whole story shows
# speaking: talked about, not heard (an absent husband, a dead father). UNHEARD 1 to 2.5 measure alike (+0.002
# macro); TALKED_ABOUT 3 (at 5 The Sign of the Four's gain goes, at 10 The Age of Innocence's)
TALKED_ABOUT = 3
UNHEARD = 1.5
UNSURE_GENDER = 1.5  # taken from a candidate whose gender is unknown when the pronoun asks for one
NAMED_INSIDE = 2.66  # taken from someone the quotation itself speaks of: people rarely name themselves
STALE = 400  # characters without anyone of the pronoun's gender named: the story's hero or heroine is meant
PROTAGONIST = 1.5  # ... and this much goes to them (or to the one of that gender a tag heard within STALE)
NAMED_SOMETIMES = 3  # a month, day or number a tag names as speaker, or a possessive, this often is a name
RECENT_WINDOW = 80  # mentions looked back over for "recent"
RECENT_RANKS = 12  # distinct people in view at once

# --- a whole exchange settled at once (conversation.py) ------------------------
EVIDENCE = {  # for the speaker a pass chose, when the exchange is settled as a whole ("nearby" fitted: 3, 1.5, 0.75)
    "explicit": 4.0, "role": 4.0, "first-person": 4.0, "relative": 4.0, "context": 4.0, "nearby": 0.75,
    "pronoun": 2.0, "description": 0.5, "addressed": 0.5, "alternation": 0.0, "continued": 0.0,
}
# ... times the lead a he/she or description had over the next person it could mean, in clue points, up to
# this: a near tie says little (0.75 to 1.5 measure alike, +0.002 macro)
MARGIN_FULL = 1.0
FIXED = ("explicit", "role", "first-person")  # never changed by turn-taking
TAGGED = ("explicit", "role", "first-person", "relative", "pronoun", "description")
CHANGE = 1.2  # the speaker differs from the previous turn's
RETURN = 1.0  # ... and is the one who spoke before that (A, B, A, B)
# Turn-taking counts W/words as much across more than W words of narration between two turns: in the dev
# novels' gold, the one who spoke speaks again 0.5% of the time with no narration between, 7% after 7 to
# 12 words, 14% after 13 to 25 and 40% after more. 10 to 15 all measure alike (+0.001 to +0.002 macro).
TURN_TAKING_GAP = 15
CONTINUED = 10.0  # a quotation carried over from the previous paragraph keeps its speaker
WRONG_GENDER = 4.0  # against a candidate whose gender the turn's he/she or "his wife" excludes
GENDER_FITS = 0.5  # for every candidate a turn's he/she fits
ADDRESSED_BEFORE = 1.0  # for the one the previous turn called by name (fitted: 2 -> 1)
# For the one the next turn calls by name: they have just spoken. Not for the narrator, whom the others
# call by name to draw them in: with it, once the narrator's name is known, The Gambler lost 13 lines, without 5.
ANSWERED = 2.0
IS_ADDRESSED = 3.0  # against the one this turn calls by name: nobody says their own name to others
TITLE_FITS = 0.25  # for a candidate whose gender fits the "Sir" or "Ma'am" the last turn said
SHOWN_PRESENT = (*TAGGED, "addressed")  # a tag, or answering when called by name, shows someone in the talk...
PRESENT = 0.4  # ... and gives them this in every turn of the exchange
PARTICIPANTS = 6  # at most this many people take part in one exchange
CARRIED_OVER = 2.0  # a participant's votes for each turn a tag gave them in the exchange a paragraph before
LEAD_IN_PARAGRAPHS = 3  # paragraphs before an exchange searched for its participants
CONVERSATION_GAP_WORDS = 0  # more narration than this between turns (a paragraph of its own) ends an exchange

# --- first-person narration (narrator.py) -------------------------------------
FIRST_PERSON_PER_1000 = 12.0  # I, me, my... per 1,000 words of narration: a story told by "I"
NARRATOR_VOTES = 2  # a name the others call the narrator by at least this often names them
HEARD_AS = 2  # "sir" said to a narrator whose name tells no gender this often gives their voice a man's
# A story's own given names, for names no table has (names.learn_given_names): a word written at least
# GIVEN_WRITTEN times; a "Miss" or "Sir" before it counts GIVEN_TITLE_VOTE he/she's. Measured on the dev
# novels with every name replaced by a made-up one (bench/attribution.py --made-up-names): no list 0.824 ->
# 0.864, list 0.885 -> 0.889, splits 5.0% -> 1.6%; the real names do not move, as the table knows them.
GIVEN_WRITTEN = 3
GIVEN_TITLE_VOTE = 3
