"""Decks: the schema, the loader with line numbers, the validator and the served catalog."""
