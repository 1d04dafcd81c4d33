"""Person pages: numbers recomputed from the tables, escaping, safe file names, links."""

from __future__ import annotations

import html as htmlmod
import re

import pandas as pd
import pytest

from analytics import Analysis, narrative
from analytics.errors import InputError
from analytics.narrative.people import person_profile, person_slugs, select_people
from analytics.report import check_static_html, table_html
from analytics.report.people import person_links, write_person_pages

HOSTILE = '<script>alert(1)</script> ../../etc "Trump"'


@pytest.fixture(scope="module")
def dated(seeds_analysis):
    """The seeds with dates and outlets, and Donald Trump renamed to a hostile name."""
    tables = {k: v.copy() for k, v in seeds_analysis.tables.items()}
    docs = tables["documents"]
    docs["date"] = ["2024-11-10", "2025-01-28", "2025-02-03", "2025-03-15", ""][:len(docs)] \
        + ["2025-03-20"] * max(0, len(docs) - 5)
    docs["outlet"] = ["BBC", "BBC", "Guardian", None, "Reuters"][:len(docs)] \
        + ["BBC"] * max(0, len(docs) - 5)
    for name, cols in (("mentions", ["actor"]), ("leaders", ["actor"]),
                       ("relations", ["source", "target"]), ("quotes", ["speaker"]),
                       ("stance", ["actor"]), ("stance_evidence", ["actor"]),
                       ("comentions", ["source", "target"]), ("tone", ["actor"])):
        for c in cols:
            tables[name][c] = tables[name][c].replace("Donald Trump", HOSTILE)
    return Analysis(tables, options=dict(seeds_analysis.options))


@pytest.fixture(scope="module")
def site(dated, tmp_path_factory):
    out = tmp_path_factory.mktemp("people")
    links = person_links(dated)
    write_person_pages(dated, out, links, [("index.html", "Overview")], "footer")
    return out, links


def _text(path) -> str:
    text = re.sub(r"</?(a|b)\b[^>]*>", "", path.read_text(encoding="utf-8"))
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", text))


def test_pages_for_the_most_mentioned_with_safe_names(dated, site):
    out, links = site
    top = list(narrative.mention_counts(dated).index[:12])
    assert list(links) == top
    assert top[0] == HOSTILE
    for name, href in links.items():
        assert re.fullmatch(r"person-[a-z0-9-]+\.html", href), href
        assert (out / href).is_file()
    assert links[HOSTILE] == "person-script-alert-1-script-etc-trump.html"
    assert sorted(p.name for p in out.glob("*.html")) == sorted(links.values())
    # clashing and empty names still get distinct, safe stems
    assert person_slugs(["A b", "a-b", "", "../"]) == {
        "A b": "person-a-b", "a-b": "person-a-b-2", "": "person-unnamed",
        "../": "person-unnamed-2"}


def test_hostile_name_is_escaped_and_pages_are_static(site):
    out, links = site
    for href in links.values():
        text = (out / href).read_text(encoding="utf-8")
        check_static_html(text, href)
        assert "<script" not in text.lower()
    page = (out / links[HOSTILE]).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the chart files are named by slug, inside the report's figures folder
    figs = sorted(p.name for p in (out / "figures").iterdir())
    assert "person-script-alert-1-script-etc-trump-months.png" in figs
    assert all(re.fullmatch(r"person-[a-z0-9-]+-(months|outlets)\.png", f) for f in figs)


def test_every_number_recomputed_from_the_tables(dated, site):
    out, links = site
    m = narrative.counted_mentions(dated)
    docs = dated.documents.set_index("doc_id")
    ld = dated.leaders.set_index("actor")
    for name in (HOSTILE, "Keir Starmer", "Volodymyr Zelensky"):
        text = " ".join(_text(out / links[name]).split())
        mine = m[m["actor"] == name]
        assert (f"mentioned {len(mine)} times in {mine['doc_id'].nunique()} articles"
                in text), name
        # by month: mentions and articles of dated documents
        month = pd.to_datetime(docs.loc[mine["doc_id"], "date"].replace("", None),
                               errors="coerce").dt.strftime("%Y-%m")
        per = pd.DataFrame({"month": month.to_numpy(), "doc": mine["doc_id"].to_numpy()})
        per = per.dropna()
        for mo, g in per.groupby("month"):
            assert f"{mo} {len(g)} {g['doc'].nunique()}" in text, (name, mo)
        # months in between with no mention show as zero, not as a gap
        span = [str(x) for x in pd.period_range(per["month"].min(), per["month"].max(),
                                                freq="M")]
        assert person_profile(dated, name).by_month["month"].tolist() == span
        for mo in set(span) - set(per["month"]):
            assert f"{mo} 0 0" in text, (name, mo)
        undated = len(mine) - len(per)
        if undated:
            assert f"{undated} mention{'s' if undated != 1 else ''} in articles without" in text
        # by outlet
        outlet = docs.loc[mine["doc_id"], "outlet"].fillna("(not given)")
        for o, n in outlet.value_counts().items():
            assert f"{o} {n} {outlet[outlet == o].index.nunique()}" in text, (name, o)
        # portrayal: the leaders row
        r = ld.loc[name]
        if bool(r["low_evidence"]):
            assert "Too few articles for a tone estimate" in text
        else:
            assert (f"Mean tone {narrative.fmt_tone(r['tone_mean'])} (95% interval "
                    f"{narrative.fmt_tone(r['tone_ci_low'])} to "
                    f"{narrative.fmt_tone(r['tone_ci_high'])}) over {r['mentions']} scored "
                    f"mentions in {r['documents']} articles") in text
        # co-mentions at sentence level
        cm = dated.comentions[(dated.comentions["level"] == "sentence")
                              & ((dated.comentions["source"] == name)
                                 | (dated.comentions["target"] == name))]
        p = person_profile(dated, name)
        assert p.unit == "sentence"
        for _, row in p.comentions.iterrows():
            hit = cm[(cm["source"] == row["person"]) | (cm["target"] == row["person"])]
            assert int(hit["n_units"].iloc[0]) == row["together"]
            assert f"{row['person']} {row['together']}" in text
        # quotes: at most five, each from the quotes table, with the article title
        q = dated.quotes[dated.quotes["speaker"] == name]
        assert len(p.quotes) == min(5, len(q.drop_duplicates(["doc_id", "sent_id"])))
        for quote in p.quotes["quote"]:
            assert any(" ".join(quote.split())[:40] in " ".join(str(x).split())
                       for x in q["quote"])
        # stances: one heading per row of the stance table, with its evidence count
        st = dated.stance[dated.stance["actor"] == name]
        assert len(p.stances) == len(st)
        for s in p.stances:
            n = s["n_evidence"]
            assert f"{s['verb']} {s['issue']}: {n} sentence" in text


def test_relations_both_ways_with_evidence(dated, site):
    out, links = site
    text = " ".join(_text(out / links["Vladimir Putin"]).split())
    rel = dated.relations
    critics = rel[(rel["target"] == "Vladimir Putin") & (rel["polarity"] < 0)]
    assert len(critics) >= 2
    assert "Who criticises Vladimir Putin" in text
    for _, r in critics.iterrows():
        n = int(r["n_documents"])
        assert f"{r['source']}: {n} article{'s' if n != 1 else ''}" in text
        assert " ".join(str(r["evidence"]).split(" | ")[0].split())[:60] in text
    page = (out / links["Vladimir Putin"]).read_text(encoding="utf-8")
    # other people with a page are linked
    assert f'<a href="{links["Keir Starmer"]}">Keir Starmer</a>' in page


def test_extra_people_and_unknown_names(dated):
    base = select_people(dated, 2)
    assert len(base) == 2
    assert select_people(dated, 2, ["pete HEGSETH"]) == base + ["Pete Hegseth"]
    assert select_people(dated, 2, [base[0]]) == base
    with pytest.raises(InputError, match="no person of that name"):
        select_people(dated, 2, ["Nobody Atall"])


def test_table_links_escape_names():
    df = pd.DataFrame({"leader": [HOSTILE, "Keir Starmer"], "mentions": [3, 2]})
    out = table_html(df, links={"leader": {HOSTILE: "person-x.html"}})
    assert ('<a href="person-x.html">&lt;script&gt;alert(1)&lt;/script&gt; ../../etc '
            "&quot;Trump&quot;</a>") in out
    assert "<td>Keir Starmer</td>" in out
    check_static_html(out)


def test_cli_person_flag_refuses_an_unknown_name(tmp_path, capsys):
    from analytics.cli import main

    rc = main(["report", "--out", str(tmp_path / "r"), "--person", "Nobody Atall"])
    assert rc == 2
    assert "no person of that name" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_cli_people_flag_splits_names_and_adds_to_person():
    from analytics.cli import build_parser

    args = build_parser().parse_args(["report", "--people", "Keir Starmer; Rachel  Reeves",
                                      "--person", "Donald Trump"])
    assert args.people == ["Keir Starmer", "Rachel Reeves", "Donald Trump"]
    assert build_parser().parse_args(["report"]).people is None
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["report", "--people", "Keir Starmer;;"])
    assert exc.value.code == 2


def test_cli_people_flag_refuses_an_unknown_name(tmp_path, capsys):
    from analytics.cli import main

    rc = main(["report", "--out", str(tmp_path / "r"), "--people",
               "Keir Starmer;Nobody Atall"])
    assert rc == 2
    assert "Nobody Atall" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_link_people_in_text_tables_and_under_charts():
    from analytics.report.people import link_people

    links = {"Keir Starmer": "person-keir-starmer.html", HOSTILE: "person-x.html"}
    markup = (
        "<p>Keir Starmer met Keir Starmer and <a href=\"a.html\">Keir Starmer</a>.</p>"
        "<h2>Keir Starmer</h2><blockquote class=\"evidence\"><p>Keir Starmer said</p>"
        "</blockquote><table><tr><td>Keir Starmer</td><td>Keir Starmers</td>"
        f"<td>{htmlmod.escape(HOSTILE, quote=False)}</td></tr></table>"
        "<figure class=\"chart\" data-names=\"Mark Rutte\nKeir Starmer\">"
        "<img src=\"data:image/png;base64,AA\" alt=\"Keir Starmer\">"
        "<figcaption>Mentions of Keir Starmer.</figcaption></figure>")
    out = link_people(markup, links)
    a = '<a href="person-keir-starmer.html">Keir Starmer</a>'
    # first mention in each text run; never inside a link, heading or article quote
    assert out.startswith(f"<p>{a} met Keir Starmer and <a href=\"a.html\">Keir Starmer</a>")
    assert "<h2>Keir Starmer</h2>" in out and "<p>Keir Starmer said</p>" in out
    assert f"<td>{a}</td><td>Keir Starmers</td>" in out
    assert ('<td><a href="person-x.html">&lt;script&gt;alert(1)&lt;/script&gt; ../../etc '
            '"Trump"</a></td>') in out
    # under the chart: the people it draws who have a page; the alt text untouched
    assert f'<p class="chart-people">People in this chart: {a}.</p></figure>' in out
    assert 'alt="Keir Starmer"' in out and "data-names" not in out
    assert f"<figcaption>Mentions of {a}.</figcaption>" in out
    check_static_html(out)
    assert "data-names" not in link_people(markup, {})
