"""The fit check: does the actor registry fit the corpus's period and people?"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest

from analytics.actors import load_registry
from analytics.actors.fit import check_fit

UK2005 = Path(__file__).resolve().parents[1] / "fixtures" / "uk2005" / "actors.yaml"
Y1976 = (dt.date(1976, 1, 1), dt.date(1976, 12, 31))


def _documents(*dates: str | None) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(dates))], "date": list(dates),
                         "status": "ok"})


def _mentions(counts: dict[str, int], kind: str = "name") -> pd.DataFrame:
    rows = [{"doc_id": "d0", "actor": actor, "kind": kind} for actor, n in counts.items()
            for _ in range(n)]
    return pd.DataFrame(rows, columns=["doc_id", "actor", "kind"])


@pytest.fixture(scope="module")
def bundled():
    return load_registry()


@pytest.fixture(scope="module")
def uk2005():
    return load_registry(UK2005)


def test_articles_from_another_era_get_a_plain_warning(bundled):
    # the bundled registry's people are of the 2020s and its office holders of 1990-2025
    report = check_fit(bundled, _documents("1974-05-01", "1975-03-02"), source="uk articles/")
    assert [f.code for f in report.findings] == ["era"]
    msg = report.messages[0]
    assert "bundled registry" in msg and "these articles are dated 1974-1975" in msg
    assert "'the prime minister'" in msg and "resolved only from the articles" in msg
    assert "analytics actors --init 'uk articles/' --out my_actors.yaml" in msg
    assert report.coverage == (dt.date(1974, 5, 1), dt.date(1975, 3, 2))
    assert not report.fits


def test_articles_of_the_office_holders_years_fit_the_bundled_registry(bundled, tmp_path):
    # 2004-05 and 2016: the office holders say who held which office then
    assert check_fit(bundled, _documents("2004-05-01", "2005-03-02")).fits
    assert check_fit(bundled, _documents(None), period=(dt.date(2016, 1, 1),
                                                       dt.date(2016, 12, 31))).fits
    # a user's registry read alone has no office holders: judged on its own tenures
    f = tmp_path / "actors.yaml"
    f.write_text("scopes:\n  UK: {names: [Britain], adjectives: [British]}\nactors:\n"
                 "  - name: Keir Starmer\n    roles:\n      - {title: Prime Minister, "
                 "scope: UK, start: 2024-07-05}\n", encoding="utf-8")
    own = load_registry(f, extend_default=False)
    assert [x.code for x in check_fit(own, _documents("2004-05-01")).findings] == ["era"]


def test_a_registry_file_written_for_the_period_fits(uk2005):
    # the fixture's file, written for 2004-05, fits those articles: no warning
    assert check_fit(uk2005, _documents("2004-05-01", "2005-03-02")).fits


def test_current_articles_fit_the_bundled_registry(bundled):
    assert check_fit(bundled, _documents("2025-03-01", "2025-06-30")).fits


def test_undated_articles_use_the_period_or_are_not_judged(bundled):
    undated = _documents(None, "", None)
    assert check_fit(bundled, undated).fits and check_fit(bundled, undated).coverage is None
    report = check_fit(bundled, undated, period=Y1976)
    assert "the period given for these articles is 1976" in report.messages[0]
    # a dated corpus is judged on its dates, not on the period
    assert check_fit(bundled, _documents("2025-02-01"), period=Y1976).fits
    # skipped documents (duplicates, other languages) do not count
    docs = _documents("2025-02-01", "1974-01-01")
    docs.loc[1, "status"] = "skipped: exact duplicate of d0"
    assert check_fit(bundled, docs).fits


PEOPLE_2016 = {"Hillary Clinton": 40, "Bernie Sanders": 30, "Ted Cruz": 20, "Ben Sasse": 12,
               "John Kasich": 9, "Ben Carson": 8, "Jeb Bush": 7, "Paul Ryan": 6,
               "Tim Kaine": 5, "Mike Pence": 5, "Chris Christie": 4, "Carly Fiorina": 3}


def test_registry_people_never_mentioned_while_many_others_are(bundled):
    mentions = pd.concat([_mentions({"Donald Trump": 90, "Joe Biden": 4}),
                          _mentions(PEOPLE_2016, kind="discovered")])
    report = check_fit(bundled, None, mentions)
    assert [f.code for f in report.findings] == ["people"]
    msg = report.messages[0]
    assert "12 people it does not list" in msg
    assert "(most mentioned: Hillary Clinton, Bernie Sanders, Ted Cruz)" in msg
    numbers = report.findings[0].numbers
    assert numbers["registry_people_mentioned"] == 2 and numbers["unlisted_people"] == 12
    assert numbers["unmentioned"] == numbers["office_holders"] - 2


def test_few_unlisted_people_or_a_fitting_file_is_no_warning(bundled, uk2005):
    # a small corpus names few of the registry's people: that alone is no misfit
    few = pd.concat([_mentions({"Keir Starmer": 5, "Donald Trump": 3}),
                     _mentions({"Oskar Brandvold": 2}, kind="discovered")])
    assert check_fit(bundled, None, few).fits
    # the user's file for these articles has its people mentioned: it fits
    uk = pd.concat([_mentions({"Michael Howard": 9, "Charles Clarke": 5, "David Blunkett": 3}),
                    _mentions(PEOPLE_2016, kind="discovered")])
    assert check_fit(uk2005, None, uk).fits
    # pronouns and unresolved roles are not people found
    noise = _mentions({"": 50, "Keir Starmer": 1})
    assert check_fit(bundled, None, noise).fits


def test_analyze_logs_the_finding_and_keeps_the_report(tmp_path, caplog):
    import analytics

    docs = pd.DataFrame({
        "text": ["Tony Blair met Gordon Brown in London on Monday. The prime minister said "
                 "the economy was strong.",
                 "Michael Howard attacked Charles Clarke over the identity cards bill."],
        "date": ["1974-05-01", "1975-02-03"]})
    with caplog.at_level(logging.WARNING, logger="analytics"):
        a = analytics.analyze(docs, progress=False, n_topics=1, out=tmp_path / "out")
    report = a.extras["actor_fit"]
    assert [f.code for f in report.findings] == ["era"]
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("actors: ")]
    assert logged == ["actors: " + report.messages[0]]
    assert "these articles are dated 1974-1975" in logged[0]
    # the same articles dated 2004-05, with the registry file written for them: no warning
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="analytics"):
        fitted = analytics.analyze(docs.assign(date=["2004-05-01", "2005-02-03"]),
                                   progress=False, n_topics=1, actors=str(UK2005))
    assert fitted.extras["actor_fit"].fits
    assert not [r for r in caplog.records if r.getMessage().startswith("actors: ")]


def test_a_corpus_without_people_says_so_and_keeps_every_table():
    from analytics.pipeline import find_actors

    t = find_actors(pd.DataFrame({"text": ["Markets rose on Monday as oil prices fell. "
                                           "Traders said the mood was calm."]}),
                    progress=False)
    assert len(t["mentions"]) == 0 and list(t["mentions"].columns)
    report = check_fit(load_registry(), t["documents"], t["mentions"])
    assert [f.code for f in report.findings] == ["none"]
    assert report.messages[0].startswith("No person was found in the one analysed article")
