"""Admin registrations: the moderation admin is part of the contributions package."""

from .contributions import admin  # noqa: F401
