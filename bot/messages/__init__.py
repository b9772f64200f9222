"""What learners read: the message catalogue (ja/en), plain-text rendering, the command table."""
