"""``python -m sigmaqr``: the command line."""

from sigmaqr.cli import main

main()
