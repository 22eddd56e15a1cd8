"""The analyst's dashboard: a FastAPI app and JSON API over the store (`conflictlens serve`)."""
