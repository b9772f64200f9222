"""Tests of the memo importer (content/importer) and `studybot import`."""
