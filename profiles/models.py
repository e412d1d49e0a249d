"""The app's models live with the code that owns them; Django finds them here."""

from .contributions.models import (  # noqa: F401
    AcceptedFeedback,
    ChangeLogEntry,
    Feedback,
    FeedbackHistory,
    FeedbackQueue,
)
