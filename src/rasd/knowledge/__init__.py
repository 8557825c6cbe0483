"""Knowledge the recognisers match against: actor lexicons and Arabic affix rules."""
