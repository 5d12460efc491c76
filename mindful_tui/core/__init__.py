"""The pure core: script model, loader, timeline, session engine, clock, checks, library.

Nothing here imports Textual or a sound library (an import-linter contract and a test
keep it so), so everything in it is fast to test with a fake clock.
"""
