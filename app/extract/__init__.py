"""The French argument-extraction pipeline (spaCy): documents → extracted records."""
