"""REFI-QDA exchange: codebooks (``.qdc``) in and out, and a coded consultation as a project
(``.qdpx``), so the work moves to and from NVivo, ATLAS.ti, MAXQDA and QualCoder.

The schemas are REFI's own (``schemas/``, MIT licence; see ``schemas/README.md``); every file
we write is valid against them (the tests check), and every file we read is checked against
them before anything is imported.

Reading is defensive: a file with a DOCTYPE or an entity declaration is refused (no XXE, no
"billion laughs"), the parser resolves no entities, loads no DTD, fetches nothing from the
network and keeps libxml2's limits on (no ``huge_tree``); files over 5 MB are refused before
they are read, and the number of codes and how deeply they nest are counted before any code
is built. A byte-order mark and a foreign ``xsi:schemaLocation`` are tolerated, and an
invalid file is refused whole with a message saying what is wrong and on which line.
"""

from consultations.coding.refi.codebook import (
    ParsedCode,
    ParsedCodebook,
    codebook_import,
    codebook_to_qdc,
    parse_qdc,
)
from consultations.coding.refi.common import (
    CODEBOOK_NS,
    ORIGIN,
    PROJECT_NS,
    CodebookFileError,
    codebook_schema,
    project_schema,
)
from consultations.coding.refi.project import PROFILE_VARIABLES, project_to_qdpx, read_qde

__all__ = [
    "CODEBOOK_NS",
    "ORIGIN",
    "PROFILE_VARIABLES",
    "PROJECT_NS",
    "CodebookFileError",
    "ParsedCode",
    "ParsedCodebook",
    "codebook_import",
    "codebook_schema",
    "codebook_to_qdc",
    "parse_qdc",
    "project_schema",
    "project_to_qdpx",
    "read_qde",
]
