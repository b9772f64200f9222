"""The Telegram adapter on python-telegram-bot: updates in, engine calls, HTML replies out."""
