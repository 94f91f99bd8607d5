"""`make bench`: how fast Tangkal is, measured against bare Temporal and bare FastAPI in one run."""
