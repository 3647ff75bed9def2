"""Configured limits for uploads. Each can be set with an environment variable of the same name."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.isdigit() else default


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int  # the file as uploaded
    max_uncompressed_bytes: int  # sum of the uncompressed parts of an xlsx (zip bombs)
    max_compression_ratio: int  # uncompressed / compressed of a single part
    max_cells: int  # rows × columns of the chosen sheet, as the sheet declares or as read
    max_columns: int
    max_line_bytes: int  # longest line of a CSV

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_upload_bytes=_env_int("MECHELEN_MAX_UPLOAD_MB", 50) * 1024 * 1024,
            max_uncompressed_bytes=_env_int("MECHELEN_MAX_UNCOMPRESSED_MB", 1024) * 1024 * 1024,
            max_compression_ratio=_env_int("MECHELEN_MAX_COMPRESSION_RATIO", 200),
            max_cells=_env_int("MECHELEN_MAX_CELLS", 10_000_000),
            max_columns=_env_int("MECHELEN_MAX_COLUMNS", 200),
            max_line_bytes=_env_int("MECHELEN_MAX_LINE_KB", 1024) * 1024,
        )
