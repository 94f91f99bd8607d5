"""FastAPI app: the REST API of SPEC §4 (Slack endpoints and pages come in their own modules)."""
