"""`python -m rasd.spark INPUT... --output DIR`: the `rasd spark` command."""

from rasd.spark.job import main

main()
