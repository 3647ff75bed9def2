"""One module per source document; each turns a :class:`etl.text.Document` into rows (dicts)."""
