"""Small pure helpers that two or more stages need, each in one place.

Nothing here imports anything of ours, so every layer (``db``, ``mail``, the stages, ``web``,
``commands``) may import it.
"""
