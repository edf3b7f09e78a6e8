"""The digest stage: choose a month's reviews, render the bulletin, approve it, deliver it.

``records`` and ``select`` and ``render`` are pure (plain data in, plain data out); ``mail`` and
``archive`` are the edges (SMTP, files); ``workflow`` and ``recipients`` tie them to the database.
"""
