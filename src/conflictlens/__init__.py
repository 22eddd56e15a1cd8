"""conflictlens: news reports on political violence in, a geocoded event dataset out."""
