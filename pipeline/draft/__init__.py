"""Drafting: fact sheets and outlines in, draft.json out."""
