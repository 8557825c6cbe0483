"""Recognisers: find mentions of known things (actors, places) in a document's text."""
