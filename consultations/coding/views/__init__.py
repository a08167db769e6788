"""Coding pages, by what they are for: ``codebooks`` (codebooks, codes and setting a
consultation's questions up), ``queue`` (coding answers), ``review`` (settling
disagreements) and ``reports`` (agreement, reports, exports and the public theme page)."""
