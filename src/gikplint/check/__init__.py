"""Rules: YAML packs, each rule an instance of a check kind (check/kinds/)."""
