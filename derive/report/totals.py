"""A corpus in numbers: documents and claims by verdict, and which documents failed.

Every format shows these totals when a run checks more than one document (the terminal table, the
JSON ``summary``, the Markdown job summary); they are computed here once, from the results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from derive import results


@dataclasses.dataclass(frozen=True)
class Totals:
    documents: int
    failed_documents: tuple[str, ...]  # paths of the documents with a failed claim
    unread_documents: tuple[str, ...]  # paths of the documents with a display (or the whole file) not read
    claims: dict[str, int]  # by verdict, every verdict listed
    not_read: int  # displays (or files) that could not be read

    @property
    def relations(self) -> int:
        return sum(self.claims.values()) + self.not_read

    def line(self) -> str:
        """``12 documents, 118 relations: 100 proved, 3 failed, …; 2 documents with a failed claim``."""
        parts = [f"{count} {verdict}" for verdict, count in self.claims.items() if count]
        if self.not_read:
            parts.append(f"{self.not_read} not read")
        noun = "document" if self.documents == 1 else "documents"
        text = f"{self.documents} {noun}, {self.relations} relations" + (": " + ", ".join(parts) if parts else "")
        failing = len(self.failed_documents)
        if failing:
            text += f"; {failing} {'document' if failing == 1 else 'documents'} with a failed claim"
        return text


def of(documents: Sequence[results.DocumentResult]) -> Totals:
    claims = {verdict: 0 for verdict in results.VERDICTS}
    for document in documents:
        for verdict, count in document.summary.items():
            claims[verdict] = claims.get(verdict, 0) + count
    return Totals(
        len(documents),
        tuple(document.path for document in documents if document.failed),
        tuple(document.path for document in documents if document.errors),
        claims,
        sum(len(document.errors) for document in documents),
    )
