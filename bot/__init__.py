"""The studybot application: the quiz engine, its adapters, settings and command line."""
