"""Words parents use for a need, beside the words the Local Offer's needs and entries use, so
that a search for either finds both. Our own short list, from the names of the SEND Code of
Practice's needs: each group is searched as one ("autistic" also finds "autism")."""

SAME_MEANING = [  # whole words only: SQLite matches them inside other words too ("sight" in "insight")
    {"autism", "autistic", "asd"},
    {"dyslexia", "dyslexic"},
    {"dyspraxia", "dyspraxic"},
    {"deaf", "hearing"},
    {"blind", "visual"},
    {"wheelchair", "physical"},
    {"speech", "slcn"},
    {"semh", "emotional"},
]
_GROUP_OF = {word: group for group in SAME_MEANING for word in group}


def same_meaning(word: str) -> list[str]:
    """The word and any others that mean the same here, the word first."""
    return [word, *sorted(_GROUP_OF.get(word, set()) - {word})]
