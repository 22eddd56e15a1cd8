"""Watch: follow feeds and pages on a schedule (issue 15); so far its polite fetching layer."""
