"""Detection: claim text, language, matching against open incidents and the archive."""
