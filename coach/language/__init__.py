"""Languages: detecting a draft's language, syllables, sentence ends and readability formulas."""
