"""The one vocabulary for how fast to act, used by red flags, checklists, the
decision tree and care cards alike (see design.md, "Outcome levels")."""
from typing import Literal

Level = Literal["emergency", "urgent", "soon", "self-care"]
LEVELS: tuple[str, ...] = ("emergency", "urgent", "soon", "self-care")
# Most urgent first: a smaller rank means act faster.
RANK = {level: i for i, level in enumerate(LEVELS)}

# The level in words, shown with its icon so no one depends on colour.
LABELS = {
    "emergency": "Emergency",
    "urgent": "Urgent",
    "soon": "See a doctor soon",
    "self-care": "Self-care",
}


def most_urgent(levels):
    return min(levels, key=RANK.__getitem__, default=None)


# What any words of the emergency level tell the reader to do. A text that sums up red flags
# (a checklist item, a figure's label) says it exactly when the signs it names are emergencies.
CALL_EMERGENCY = "call the emergency number"


def says_call_emergency(text: str) -> bool:
    """Whether `text` tells the reader to call the emergency number (any case, any spacing)."""
    return CALL_EMERGENCY in " ".join(text.lower().split())
