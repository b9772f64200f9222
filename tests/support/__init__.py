"""Helpers shared by test modules: people and chats, conversations over the fakes, senders.

Test modules import from here, never from each other; fixtures stay in conftest.py files.
"""
