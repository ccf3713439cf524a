"""Checking a draft: the pure engine, the revision, the Checker entry point and output formats."""
