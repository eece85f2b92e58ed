"""``python -m askdesk``: the command line."""
from askdesk.shell.cli import main

main()
