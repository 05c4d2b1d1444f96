"""`python -m bot` is the `budgetbot` command."""

from .cli import main

main()
