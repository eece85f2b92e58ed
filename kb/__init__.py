"""Articles: Markdown with YAML front matter, read, checked and split into passages."""
