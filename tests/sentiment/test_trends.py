"""Tone over time and by outlet: tables and charts."""

from __future__ import annotations

import matplotlib.figure
import pandas as pd
import pytest

from analytics import schema
from analytics.errors import InputError
from analytics.plotting import tone as tone_charts
from analytics.sentiment.trends import tone_by_outlet, tone_over_time


def _tone():
    rows = []
    spec = [("d1", "A", 0.6, "present"), ("d1", "A", -0.9, "source"), ("d2", "A", -0.2, "target"),
            ("d3", "A", 0.4, "present"), ("d3", "B", -0.5, "target"), ("d4", "B", 0.1, "present")]
    for k, (doc, actor, score, role) in enumerate(spec):
        rows.append({"doc_id": doc, "sent_id": k, "actor": actor, "kind": "name",
                     "label": 1 if score > 0.3 else -1 if score < -0.3 else 0, "score": score,
                     "start": 0, "end": 1, "role": role})
    return pd.DataFrame(rows, columns=schema.TABLES["tone"])


def _documents():
    return pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"],
                         "date": ["2024-01-05", "2024-01-20", "2024-02-03", None],
                         "outlet": ["Daily Post", "Daily Post", "The Courier", ""]})


def test_tone_over_time_by_month_keeps_undated_documents():
    t = tone_over_time(_tone(), _documents(), freq="month")
    assert list(t.columns) == ["actor", "period", "mentions", "documents", "tone_mean",
                               "share_positive", "share_negative"]
    a = t[t["actor"] == "A"].set_index("period")
    # the source row of d1 (-0.9) is not A's portrayal
    assert a.loc["2024-01", "mentions"] == 2
    assert a.loc["2024-01", "tone_mean"] == pytest.approx((0.6 - 0.2) / 2)
    assert a.loc["2024-02", "tone_mean"] == pytest.approx(0.4)
    b = t[t["actor"] == "B"].set_index("period")
    assert b.loc["", "mentions"] == 1  # undated: kept, in the group ""
    assert t["mentions"].sum() == 5


def test_tone_over_time_rejects_unknown_period():
    with pytest.raises(InputError, match="unknown period"):
        tone_over_time(_tone(), _documents(), freq="fortnight")


def test_tone_by_outlet():
    t = tone_by_outlet(_tone(), _documents()).set_index(["actor", "outlet"])
    assert t.loc[("A", "Daily Post"), "mentions"] == 2
    assert t.loc[("A", "Daily Post"), "documents"] == 2
    assert t.loc[("B", ""), "tone_mean"] == pytest.approx(0.1)
    assert t.loc[("B", "The Courier"), "share_negative"] == pytest.approx(1.0)


def test_trend_charts():
    figs = [tone_charts.tone_over_time(tone_over_time(_tone(), _documents()), min_mentions=1),
            tone_charts.tone_by_outlet(tone_by_outlet(_tone(), _documents())),
            tone_charts.tone_over_time(tone_over_time(_tone().iloc[:0], _documents()))]
    for f in figs:
        assert isinstance(f, matplotlib.figure.Figure)
    ax = figs[0].axes[0]
    assert len(ax.get_lines()) >= 2  # a line per leader (plus the zero line)
    assert "undated" in " ".join(t.get_text() for t in ax.texts)
    assert "no tone scores" in " ".join(t.get_text() for t in figs[2].axes[0].texts)
