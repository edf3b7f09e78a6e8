"""The learning loop after a bulletin: feedback, CPD records, follow-ups and reminders, opens,
and the six-monthly report to the board. Meets the other stages only in the database."""
