"""The session runtime: options resolved once, sound prepared, cues conducted, the practice
logged — the same for every way a session starts, and free of Textual."""
