"""The one checker: used by `bigan check`, drafting (grounding), revision and evals."""
