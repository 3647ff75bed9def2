"""Indicators over time and place: the model's rules (areas, missing and suppressed cells), the
kerncijfers as indicators, and the readers of wide/long sheets and GeoJSON for the upload flow."""
