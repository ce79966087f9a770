"""What writers and tools write, as pydantic models: fact sheets (YAML, Excel, Word), outlines and
draft.json; and the YAML reader that reports a bad field with its file and line."""
