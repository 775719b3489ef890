"""Writing: the lock, validation with candidate entries, canonical text, atomic
writes and catalog edits.
"""
