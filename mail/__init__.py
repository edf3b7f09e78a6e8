"""Mail: transports (SMTP, file outbox, memory), building messages, the sender's settings, and
the one exactly-once machinery (``outbox``) every message the product must send once goes
through. Knows no stage: a stage describes its kind of message to ``outbox``."""
