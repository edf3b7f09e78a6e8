"""The scheduler (APScheduler jobs for harvest, draft and send) arrives with the scheduler issue.

Until then, run `scr-digest harvest` from cron or a systemd timer; every command is safe to repeat.
"""
