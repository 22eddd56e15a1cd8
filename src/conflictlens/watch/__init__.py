"""Watch mode (issue 15): WATCH.toml parsing, polite fetching and state in the store; the cycle and CLI are to come."""
