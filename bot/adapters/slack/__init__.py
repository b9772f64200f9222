"""The Slack adapter on bolt (AsyncApp) and slack_sdk: commands, buttons, App Home."""
