"""Slack's inbound endpoints: signed interactions (buttons, modals) and slash commands."""
