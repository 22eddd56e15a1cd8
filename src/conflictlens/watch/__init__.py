"""Watch mode (issue 15): WATCH.toml parsing, polite fetching, state in the store, the cycle, alerts and sinks."""
