"""Platform adapters: translate platform input into engine calls and render what comes back."""
