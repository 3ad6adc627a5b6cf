"""Reading decisions from their files: the corpus (tests/corpus_reading) written as
.docx, as text PDFs and as simulated scans, read back by phoihop.documents.reading and
phoihop.domain.reading, each field compared with the truth. Prints one JSON object.

    python -m tests.bench.reading --count 104 --scans 26

The issue's targets: at least 98 % of each field on .docx and text PDFs, 90 % on scans,
and every wrong field either read below ``--threshold`` (shown to the user as unsure) or
listed here under "wrong_and_sure". Scans are read one at a time (OCR is heavy; the
machine is shared): ``--scans`` bounds the run's length, about 5-10 s a page.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from statistics import mean
from typing import Any

from phoihop.documents.reading import document_text
from tests.corpus_reading.files import render_docx, render_pdf, render_scan
from tests.corpus_reading.forms import Sample, corpus
from tests.corpus_reading.measure import Accuracy, measure

MAX_BYTES = 10 * 1024 * 1024  # the attachments' limit (PHOIHOP_ATTACHMENT_MAX_BYTES)


def _figures(accuracy: Accuracy, threshold: float) -> dict[str, Any]:
    sure_misses = accuracy.unflagged(threshold)
    return {
        "samples": accuracy.total,
        "overall": round(accuracy.overall(), 4),
        "per_field": {name: round(share, 4) for name, share in accuracy.per_field().items()},
        "wrong_fields": len(accuracy.misses),
        "wrong": [
            {"field": name, "read": repr(got), "true": repr(want), "confidence": sure}
            for (name, _, got, want), sure in zip(
                accuracy.misses, accuracy.miss_confidences, strict=True
            )
        ],
        "wrong_and_sure": [
            {"field": name, "form": sample.document.form, "read": repr(got), "true": repr(want)}
            for name, sample, got, want in sure_misses
        ],
    }


def run(count: int, scans: int, seed: int, threshold: float) -> dict[str, Any]:
    samples = corpus(seed, count)
    started = time.monotonic()
    docx_texts = [
        document_text(render_docx(s.document), "d.docx", max_bytes=MAX_BYTES).text for s in samples
    ]
    docx_seconds = time.monotonic() - started
    started = time.monotonic()
    pdfs = [render_pdf(s.document) for s in samples]
    render_seconds = time.monotonic() - started
    started = time.monotonic()
    pdf_texts = [document_text(pdf, "d.pdf", max_bytes=MAX_BYTES).text for pdf in pdfs]
    pdf_seconds = time.monotonic() - started
    result: dict[str, Any] = {
        "benchmark": "reading",
        "seed": seed,
        "confidence_threshold": threshold,
        "docx": {
            **_figures(measure(samples, docx_texts), threshold),
            "seconds_per_file": round(docx_seconds / count, 3),
        },
        "pdf_text": {
            **_figures(measure(samples, pdf_texts), threshold),
            "seconds_per_file": round(pdf_seconds / count, 3),
            "render_seconds_per_file": round(render_seconds / count, 3),
        },
    }
    if scans:
        result["scan"] = _scans(samples[:scans], pdfs[:scans], seed, threshold)
    return result


def _scans(samples: list[Sample], pdfs: list[bytes], seed: int, threshold: float) -> dict[str, Any]:
    rng = random.Random(seed + 1)
    texts, doubts, per_page, confidences, pages, kinds = [], [], [], [], 0, []
    for pdf in pdfs:
        scan = render_scan(pdf, rng)
        read = document_text(scan.data, scan.name, max_bytes=MAX_BYTES)
        texts.append(read.text)
        doubts.append(read.doubtful)
        per_page.append(read.ocr_seconds_per_page or 0.0)
        confidences.append(read.ocr_confidence or 0.0)
        pages += read.pages or 0
        kinds.append(scan.name.rsplit(".", 1)[-1])
    return {
        **_figures(measure(samples, texts, doubts), threshold),
        "pages": pages,
        "files": {kind: kinds.count(kind) for kind in sorted(set(kinds))},
        "ocr_seconds_per_page": round(mean(per_page), 2),
        "ocr_seconds_per_page_max": round(max(per_page), 2),
        "ocr_confidence_mean": round(mean(confidences), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=104, help=".docx and text PDFs")
    parser.add_argument("--scans", type=int, default=26, help="how many of them also as scans")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--threshold", type=float, default=0.8)
    args = parser.parse_args()
    print(
        json.dumps(
            run(args.count, args.scans, args.seed, args.threshold), ensure_ascii=False, indent=2
        )
    )


if __name__ == "__main__":
    main()
