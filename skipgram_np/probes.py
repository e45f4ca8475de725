"""The words the figures, the report, the page and the lessons probe, in one place.

GROUPS: words a reader recognises, in groups whose members should drift together as training goes
on (the coloured words of every map); PAIRS: related pairs whose similarity is followed across
epochs (and one unrelated pair, album · january, as a control); PROBE_WORDS: words whose
neighbours are shown at every checkpoint; ANALOGIES: classic questions A − B + C.
"""
from __future__ import annotations

# Words a reader recognises, in groups whose members should drift together as training goes on.
GROUPS = {
    "numbers": ["one", "two", "three", "four", "five", "six", "seven", "eight"],
    "months": ["january", "february", "march", "april", "june", "july", "august", "october"],
    "countries": ["france", "germany", "england", "italy", "spain", "china", "japan", "canada"],
    "family": ["father", "mother", "son", "daughter", "brother", "sister", "wife", "husband"],
    "music": ["album", "song", "band", "music", "guitar", "singer", "songs", "chart"],
    "war": ["army", "war", "battle", "soldiers", "troops", "forces", "attack", "military"],
}
FREQUENT = ["the", "of", "and", "in", "was", "is", "he", "it", "for", "his"]
PAIRS = [("king", "queen"), ("man", "woman"), ("france", "germany"), ("january", "february"),
         ("album", "song"), ("army", "soldiers"), ("one", "two"), ("album", "january")]
PROBE_WORDS = ["king", "france", "music", "war", "january", "river"]
ANALOGIES = [("king", "man", "woman"), ("paris", "france", "germany"), ("berlin", "germany", "italy"),
             ("january", "february", "april"), ("bigger", "big", "small"), ("sons", "son", "daughter"),
             ("walking", "walk", "swim"), ("brother", "man", "woman")]


def word_set(vocab_index: dict) -> tuple[list[str], list[str]]:
    """-> (words, group of each): the group words and frequent words that are in the vocabulary;
    for a corpus that has few of them, its 60 most frequent words (group "frequent")."""
    words, groups = [], []
    for group, members in list(GROUPS.items()) + [("frequent", FREQUENT)]:
        for w in members:
            if w in vocab_index and w not in words:
                words.append(w)
                groups.append(group)
    if len(words) < 10:
        by_id = sorted(vocab_index, key=vocab_index.get)
        words = [w for w in by_id if any(ch.isalnum() for ch in w)][:60] or by_id[:60]
        groups = ["frequent"] * len(words)
    return words, groups


# Axes of meaning (directions.py; the page's Axes view; figures/axes_{name}.png). An axis is "a − b":
# pairs (a, b) (its direction: mean â − mean b̂; its offsets' consistency is tested against chance)
# or two word lists; the second axis is drawn as its part orthogonal to the first. "words": the
# words placed on the plane; a preset made of pairs places their words and draws each pair.
# Every word is among the 5,000 most frequent words of WikiText-2 (tests/test_directions.py).
AXES_PRESETS = {
    "occupations": {
        "x": {"label": "he − she",
              "pairs": [("he", "she"), ("him", "her"), ("himself", "herself"), ("man", "woman"), ("men", "women"),
                        ("boy", "girl"), ("father", "mother"), ("son", "daughter"), ("brother", "sister"),
                        ("king", "queen"), ("husband", "wife"), ("prince", "princess"), ("lord", "lady")]},
        "y": {"label": "young − old",
              "pairs": [("young", "old"), ("younger", "older"), ("youngest", "oldest"), ("junior", "senior"),
                        ("child", "adult"), ("children", "adults"), ("youth", "elder")]},
        "words": ["doctor", "nurse", "teacher", "engineer", "soldier", "actor", "actress", "singer", "writer",
                  "priest", "secretary", "architect", "professor", "captain", "officer", "poet", "journalist",
                  "manager", "judge", "artist", "composer", "president", "bishop", "pilot"]},
    "capitals": {
        "x": {"label": "country − capital",
              "pairs": [("france", "paris"), ("germany", "berlin"), ("italy", "rome"), ("spain", "madrid"),
                        ("japan", "tokyo"), ("england", "london"), ("ireland", "dublin"), ("wales", "cardiff")]},
        "y": {"label": "asia − europe", "pairs": [("asia", "europe"), ("asian", "european")]}},
    "tense": {
        "x": {"label": "present − past",
              "pairs": [("go", "went"), ("take", "took"), ("make", "made"), ("come", "came"), ("see", "saw"),
                        ("give", "gave"), ("know", "knew"), ("say", "said"), ("tell", "told"), ("write", "wrote"),
                        ("begin", "began"), ("become", "became"), ("win", "won"), ("speak", "spoke"),
                        ("bring", "brought"), ("hold", "held")]},
        "y": {"label": "speak − move", "pairs": [("speak", "move")]}},
    "plural": {
        "x": {"label": "singular − plural",
              "pairs": [("city", "cities"), ("river", "rivers"), ("house", "houses"), ("ship", "ships"),
                        ("king", "kings"), ("child", "children"), ("man", "men"), ("woman", "women"),
                        ("song", "songs"), ("church", "churches"), ("village", "villages"), ("island", "islands"),
                        ("army", "armies"), ("book", "books"), ("team", "teams"), ("country", "countries")]},
        "y": {"label": "person − place", "pairs": [("person", "place")]}},
}
