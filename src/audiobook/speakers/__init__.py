"""Stage 2, speakers: segments in, the same segments with each quotation's
speaker (and how it was decided) out, with the characters found. Pure.

names.py finds people's names and joins the forms of one person; tags.py
finds speech tags ("said Tom", "she replied"); conversation.py settles a
whole exchange's turns at once; resolver.py runs them over a story;
pins.py applies the user's corrections from voices.toml.
"""
