"""Tangkal core: settings, policy, domain types, tables, database and the CLI."""
