"""The exit codes of ``scr-digest harvest`` (and of the commands that wait for its lock), part of
the command-line contract: kept apart so that a command can name them without loading the
harvester."""

EXIT_OK = 0
EXIT_UNREACHABLE = 2
EXIT_LAYOUT_ALARM = 3
EXIT_BUSY = 4  # another harvest holds the database's harvest lock
