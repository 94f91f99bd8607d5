"""Temporal activities: every side effect of Tangkal (database, publishing, notices)."""
