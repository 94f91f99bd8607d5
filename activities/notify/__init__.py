"""Telling people: Slack cards and messages when configured, the console outbox otherwise."""
