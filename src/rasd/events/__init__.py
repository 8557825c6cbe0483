"""Event extraction: PLOVER events from recognised sentences (see `rasd.extract.events`)."""
