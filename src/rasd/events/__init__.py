"""Event extraction: PLOVER events from recognised sentences (see `rasd.events.events`)."""
