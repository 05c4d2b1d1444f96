"""`python -m bot` is the `budgetbot` command."""

from .frontends.cli import main

main()
