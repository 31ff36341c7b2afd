"""Stage 2, speakers: segments in, the same segments with each quotation's
speaker (and how it was decided) out, with the characters found. Pure.

resolver.py runs the passes (passes.py: explicit, walk, settle, name the
narrator, rate) over a scene found once (scene.py: people from names.py,
speech tags from tags.py, a first-person narrator from narrator.py, turns);
salience.py says who is in view and whom a he/she means; conversation.py
settles a whole exchange at once; weights.py holds the numbers, with their
reasons; vocabulary.py the words; pins.py applies the user's corrections.
"""
