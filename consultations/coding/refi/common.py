"""What the codebook and the project exchange share: the REFI-QDA namespaces and schemas,
and the error a file we cannot read raises."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from consultations.coding.services import CodingError

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "Probation Council Portal"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


class CodebookFileError(CodingError):
    """The file is not a codebook we can import; the message says why."""


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def codebook_schema() -> etree.XMLSchema:
    return _schema("Codebook.xsd")


def project_schema() -> etree.XMLSchema:
    return _schema("Project-mrt2019.xsd")
