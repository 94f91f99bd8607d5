"""One module per publication channel kind; `activities/publishing.py` dispatches to them."""
