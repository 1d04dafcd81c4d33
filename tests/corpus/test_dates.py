"""The documents' dates, read one way by every table and chart."""

from __future__ import annotations

import pandas as pd

from analytics.corpus.dates import parse_dates, period_kind, period_labels


def test_mixed_formats_in_one_column_are_each_read():
    s = pd.Series(["2016-03-01", "March 2, 2016", "", None, "not a date", "2016-03-04T10:00:00Z"])
    d = parse_dates(s)
    assert d.dt.strftime("%Y-%m-%d").tolist()[:2] == ["2016-03-01", "2016-03-02"]
    assert d.isna().tolist() == [False, False, True, True, True, False]
    assert str(d.dt.tz) == "UTC"
    assert parse_dates(pd.Series([], dtype="object")).empty


def test_period_grain_follows_the_span():
    days = parse_dates(pd.Series(["2016-03-01", "2016-03-20"]))
    months = parse_dates(pd.Series(["2016-01-01", "2017-06-01"]))
    years = parse_dates(pd.Series(["2004-01-01", "2016-06-01"]))
    assert [period_kind(x) for x in (days, months, years)] == ["day", "month", "year"]
    labels, kind = period_labels(months)
    assert kind == "month" and labels.tolist() == ["2016-01", "2017-06"]


def test_tone_and_topic_trends_agree_on_dated_documents(caplog):
    import logging

    import analytics
    from analytics.sentiment.trends import tone_over_time

    texts = ["Critics attacked Keir Starmer over the budget plan on Monday.",
             "Unions praised Keir Starmer for the budget deal.",
             "Reporters asked Keir Starmer about the budget delay."]
    df = pd.DataFrame({"text": texts, "date": ["2025-03-01", "March 9, 2025", "undated"]})
    with caplog.at_level(logging.WARNING, logger="analytics"):
        a = analytics.analyze(df, progress=False, n_topics=1)
    assert parse_dates(a.documents["date"]).notna().sum() == 2
    periods = tone_over_time(a.tone, a.documents)
    assert set(periods["period"]) - {""} == {"2025-03"}
    assert set(a.topic_trends["period"]) == {"2025-03-01", "2025-03-09"}
    # one undated document, said once, the same count as the tone table's
    said = [r.getMessage() for r in caplog.records if "readable date" in r.getMessage()]
    assert said and all("1 of 3 document" in m for m in said)
