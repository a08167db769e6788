"""Scottish STV with no Django import: ``counting`` is the count (its docstring states the
rules it implements), ``blt`` reads and writes ballots in the BLT format. Callers use
``from council import stv`` and the names below."""

from council.stv.blt import BltElection, BltError, parse_blt, write_blt
from council.stv.counting import (
    RULES_NAME,
    SCALE,
    CountError,
    CountResult,
    Stage,
    TieBreak,
    count,
    droop_quota,
    fmt,
    group_ballots,
    lot_draw,
)

__all__ = [
    "RULES_NAME",
    "SCALE",
    "BltElection",
    "BltError",
    "CountError",
    "CountResult",
    "Stage",
    "TieBreak",
    "count",
    "droop_quota",
    "fmt",
    "group_ballots",
    "lot_draw",
    "parse_blt",
    "write_blt",
]
