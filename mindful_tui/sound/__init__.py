"""Sound: audio output, voice rendering, tone synthesis."""
