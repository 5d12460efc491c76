"""What a person sees: the full-screen Textual app and the plain line-by-line player."""
