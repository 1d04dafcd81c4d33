"""Corpus overview charts: dated, multi-outlet corpora, labels with "$", empty inputs."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd

from analytics import schema
from analytics.plotting import corpus as charts


def _documents(n: int = 40) -> pd.DataFrame:
    docs = pd.DataFrame({c: [None] * n for c in schema.TABLES["documents"]})
    docs["doc_id"] = [f"d{i}" for i in range(n)]
    docs["title"] = [f"Title {i} costs $5^^ or $10" if i % 3 else None for i in range(n)]
    docs["text"] = ["Some words here " * (i + 1) for i in range(n)]
    docs["n_chars"] = docs["text"].str.len()
    docs["outlet"] = [["BBC", "Guardian", None, "Reuters"][i % 4] for i in range(n)]
    docs["date"] = pd.date_range("2025-01-01", periods=n, freq="3D").astype(str)
    return docs


def test_corpus_charts_with_dates_and_outlets():
    docs = _documents()
    removed = pd.DataFrame({"doc_id": ["d1", "d2"], "start": [0, 5], "end": [4, 9],
                            "clean_offset": [0, 0], "text": ["x", "y"],
                            "rule": ["cookie_consent", "caption"]})
    for fig in (charts.document_lengths(docs, removed=removed),
                charts.document_lengths(docs.head(5), removed=removed),
                charts.removed_by_rule(removed), charts.removed_by_rule(schema.empty("removed")),
                charts.outlets(docs), charts.timeline(docs),
                charts.timeline(docs.assign(date=None))):
        assert fig.axes and fig.axes[0].get_title()
        fig.savefig(io.BytesIO(), format="png")  # labels with "$" must not be mathtext
        plt.close(fig)


def test_dollar_signs_in_titles_are_drawn_as_written():
    fig = charts.document_lengths(_documents(6))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    fig.canvas.draw()
    assert "Title 1 costs $5^^ or $10" in labels
    assert not [x for x in labels if "\\" in x]
    plt.close(fig)
