"""Named entities: marsad's own Arabic tagger (PER, ORG, LOC, GPE, MISC)."""

from marsad.entities.tagger import EntityTagger, default_tagger

__all__ = ["EntityTagger", "default_tagger"]
