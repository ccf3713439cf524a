"""The Zendesk workflow: which comment is the draft, coach's notes, the worker, decisions and rebuild."""
