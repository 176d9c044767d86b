"""`python -m vinny.cli`: the `vinny` console script."""

from vinny.cli import main

main()
