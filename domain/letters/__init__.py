"""Rendered letters and case files: which PDF exists for which case, and where it is stored."""
