"""Interchange formats: one module per format, all reading and writing native bundles."""
