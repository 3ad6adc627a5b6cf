"""Deterministic demo data: realistic Vietnamese names, places and case titles, all invented."""
