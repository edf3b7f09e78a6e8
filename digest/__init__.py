"""The digest stage: choose a month's reviews, render the bulletin, approve it, deliver it.

``records`` and ``select`` and ``render`` are pure (plain data in, plain data out); ``archive``
is an edge (files); ``drafting`` (draft, edit, approve), ``sending`` (deliver through
``mail.outbox``, settle) and ``recipients`` tie them to the database.
"""
