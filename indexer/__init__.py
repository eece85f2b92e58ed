"""Keyword and vector indexes, their builds, and hybrid retrieval."""
