"""Versioned instrument catalogues (YAML) from the handbook "Terug met veerkracht"."""
