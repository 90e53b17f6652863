"""Modal dialogs: log a conversation, snooze a follow-up, confirm a choice."""
