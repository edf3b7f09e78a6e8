"""The ``scr-digest`` commands, one small module per area; ``cli.py`` registers them."""
