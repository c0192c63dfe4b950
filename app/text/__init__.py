"""Text utilities: offsets between code points and UTF-16, tokens, sentences, snapping."""
