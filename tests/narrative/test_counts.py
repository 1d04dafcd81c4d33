"""One source for every count: header, prose and charts agree on a generated corpus
with skipped documents, unresolved roles and one-mention people."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analytics
from analytics import narrative
from analytics.report import html as report_html

ARTICLES = [
    ("Lindqvist opens her campaign",
     "Maria Lindqvist opened her campaign in Norrport on Monday. Maria Lindqvist said the "
     "harbour plan would bring jobs. Critics of Maria Lindqvist called the plan too costly. "
     "Tomas Berg said he would vote against the harbour plan."),
    ("Berg answers",
     "Tomas Berg answered on Tuesday. Tomas Berg said the harbour plan was a gamble. "
     "Maria Lindqvist replied that Tomas Berg had no plan of his own."),
    ("A quiet day",
     "The prime minister said little about the campaign. Anna Falk, a councillor, "
     "attended the debate in Norrport."),
    ("Debate night",
     "Maria Lindqvist and Tomas Berg met in a televised debate. Maria Lindqvist spoke "
     "first. Tomas Berg spoke second.\nAccept cookies to continue reading this article."),
    ("Debate night",
     "Maria Lindqvist and Tomas Berg met in a televised debate. Maria Lindqvist spoke "
     "first. Tomas Berg spoke second.\nAccept cookies to continue reading this article."),
    ("Wahlkampf",
     "Die Kandidatin Maria Lindqvist sprach am Montag in Norrport über den Hafen und die "
     "Arbeitsplätze der Stadt. Die Kritiker sagten, der Plan sei zu teuer und zu riskant "
     "für die Gemeinde."),
]


@pytest.fixture(scope="module")
def generated():
    df = pd.DataFrame({"id": [f"g{i:02d}" for i in range(len(ARTICLES))],
                       "title": [t for t, _ in ARTICLES], "text": [x for _, x in ARTICLES],
                       "date": ["1987-05-0" + str(i + 1) for i in range(len(ARTICLES))],
                       "outlet": ["Norrport Post", "Evening Star"] * 3})
    return analytics.analyze(df, progress=False)


def _stat(index_html: str, label: str) -> int:
    m = re.search(r"<div><b>([\d,]+)</b>" + re.escape(label) + "</div>", index_html)
    assert m, label
    return int(m.group(1).replace(",", ""))


def test_skipped_documents_are_not_counted(generated):
    docs = generated.documents
    assert (docs["status"] != "ok").sum() >= 2  # the duplicate and the German article
    counts = narrative.corpus_counts(generated)
    ok = set(docs.loc[docs["status"] == "ok", "doc_id"])
    assert counts["analysed"] == len(ok) == 4
    assert counts["sentences"] == int(generated.sentences["doc_id"].isin(ok).sum())
    corpus = narrative.findings(generated, ["corpus"])[0]
    assert f"{counts['analysed']} of them were analysed" in corpus.text
    assert f"{counts['sentences']} sentences" in corpus.text
    index = report_html.index_body(generated, [], {"tables_dir": __import__("pathlib").Path(".")})
    assert _stat(index, "sentences analysed") == counts["sentences"]
    assert _stat(index, "documents analysed") == counts["analysed"]


def test_people_count_is_the_same_in_header_prose_and_chart(generated):
    from analytics.plotting.actors import mention_counts as chart

    counted = narrative.counted_mentions(generated)
    m = generated.mentions
    assert (~m["resolved"].astype(bool)).any()  # "the prime minister" of 1987: no one
    people = sorted(counted["actor"].unique())
    assert "" not in people and len(people) == 3
    assert "Maria Lindqvist" in people and "Tomas Berg" in people
    actors = narrative.findings(generated, ["actors"])[0]
    assert actors.text.startswith(f"{len(people)} people are mentioned")
    index = report_html.index_body(generated, [], {"tables_dir": __import__("pathlib").Path(".")})
    assert _stat(index, "people mentioned") == len(people)
    # the chart's bar labels are the prose's per-person counts
    fig = chart(counted)
    bars = {t.get_text(): int(v.get_text()) for t, v in
            zip(fig.axes[0].get_yticklabels()[::-1],
                [x for x in fig.axes[0].texts if x.get_text().strip().isdigit()][::-1])}
    top = narrative.mention_counts(generated)
    assert bars == {a: int(n) for a, n in top["mentions"].items()}
    for person, n in bars.items():
        assert actors.numbers[f"mentions[{person}]"] == n
    assert f"({top['mentions'].iloc[0]} mentions each)" in actors.text  # a tie, said so
    # the duplicate's mentions are not counted
    dup = generated.documents.loc[generated.documents["status"] != "ok", "doc_id"]
    assert not counted["doc_id"].isin(set(dup)).any()


def test_recurring_names_have_two_mentions_or_more(generated):
    text = " ".join(f.text for f in narrative.findings(generated, ["actors"]))
    cand = generated.candidates
    once = cand.loc[cand["mentions"] == 1, "name"].tolist()
    for name in once:
        assert f"\u201c{name}\u201d" not in text
    for f in narrative.findings(generated, ["actors"]):
        for key, v in f.numbers.items():
            if key.startswith("candidate_mentions["):
                assert v >= 2


def test_cleaning_totals_add_up_and_rules_have_labels():
    removed = pd.DataFrame({
        "doc_id": ["d1"] * 8, "start": [0, 10, 20, 30, 40, 50, 60, 70],
        "end": [5, 15, 25, 35, 45, 55, 65, 75],
        "rule": ["cookie_consent", "cookie_consent", "caption", "photo_credit",
                 "share_prompt", "browser_notice", "video_timestamp", "related_links"],
        "text": ["x"] * 8})
    docs = pd.DataFrame({"doc_id": ["d1"], "title": ["T"], "text": ["t"], "status": ["ok"],
                         "n_sentences": [1], "n_chars": [10], "date": [None],
                         "outlet": [None], "duplicate_of": [None]})
    a = analytics.Analysis({"removed": removed, "documents": docs})
    f = narrative.findings(a, ["corpus"])[1]
    assert f.text.startswith("Cleaning removed 8 spans (40 characters)")
    listed = [int(n) for n in re.findall(r"\((\d+) spans?,", f.text)]
    assert sum(listed) == 8
    assert "cookie and consent notices (2 spans" in f.text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", f.text), f.text
    assert f.evidence[0].note == "removed as cookie and consent notices"


def test_no_ids_in_prose(generated):
    for f in narrative.findings(generated):
        body = re.sub(r"\u201c[^\u201d]*\u201d", "", f.text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", body), f.text
        assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", f.text), f.text
        assert "leader" not in body.lower() or f.section == "tone", f.text


def test_fit_box_on_a_corpus_about_other_people(generated):
    msgs = narrative.fit_messages(generated)
    kinds = [k for k, _ in msgs]
    assert "issues" in kinds
    index = report_html.index_body(generated, [], {"tables_dir": __import__("pathlib").Path(".")})
    assert '<aside class="fit-box"' in index
    assert "analytics issues --init" in index
    assert "docs/issues.md" in index and "docs/registry.md" in index
    stance = narrative.findings(generated, ["stance"])
    assert stance[0].caveat and "analytics issues --init" in stance[0].text


def test_fit_box_absent_when_registries_fit(seeds_analysis):
    assert narrative.fit_messages(seeds_analysis) == []
    assert "fit-box" not in report_html.fit_box(seeds_analysis)


def test_a_registry_that_cannot_be_read_is_an_input_error(tmp_path):
    a = analytics.Analysis({}, {"issues": str(tmp_path / "gone.yaml")})
    with pytest.raises(analytics.errors.InputError, match="gone.yaml"):
        narrative.issue_labels(a)
