"""Quotes and stance on the bundled demo corpus (seeds/): structural guarantees only."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from analytics.actors import load_registry
from analytics.quotes import extract_quotes
from analytics.text import normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OPEN_MARKS = "\u201c\u201e\u201f\u00ab\"\u2018\u201a\u201b'"


@functools.lru_cache(maxsize=1)
def _pipeline():
    from analytics.corpus.clean import clean_corpus
    from analytics.corpus.load import load_corpus
    from analytics.corpus.segment import segment_corpus
    from analytics.actors import find_mentions

    docs, _removed = clean_corpus(load_corpus(str(SEEDS)))
    docs = docs[docs["status"] == "ok"].reset_index(drop=True)
    _paras, sents = segment_corpus(docs)
    registry = load_registry()
    mentions, _cands = find_mentions(sents, registry, pronouns=True)
    quotes = extract_quotes(docs, sents, mentions, registry=registry)
    return docs, sents, mentions, quotes


def test_seed_quotes_are_found_with_sane_offsets():
    docs, sents, _m, quotes = _pipeline()
    assert len(quotes) >= 40
    text = dict(zip(docs["doc_id"], docs["text"]))
    for r in quotes.itertuples():
        t = text[r.doc_id]
        assert 0 <= r.start < r.end <= len(t)
        if "\n" not in t[r.start:r.end]:
            assert t[r.start:r.end].rstrip(",") == r.quote
        # the sentence id points at a sentence that overlaps the quotation; -1 only
        # for quotations outside every sentence (headings)
        ds = sents[sents["doc_id"] == r.doc_id]
        if r.sent_id == -1:
            assert not ((ds["start"] < r.end) & (ds["end"] > r.start)).any()
            continue
        s = ds[ds["sent_id"] == r.sent_id].iloc[0]
        assert s.start <= r.start < s.end or r.start <= s.start < r.end


def test_no_quote_swallows_a_paragraph_without_a_reopening_mark():
    docs, _s, _m, quotes = _pipeline()
    text = dict(zip(docs["doc_id"], docs["text"]))
    for r in quotes.itertuples():
        inner = text[r.doc_id][r.start:r.end]
        # every paragraph break inside a quotation is followed by a reopening mark
        for k, ch in enumerate(inner):
            if ch == "\n":
                rest = inner[k + 1:].lstrip()
                assert rest[:1] in OPEN_MARKS, (r.doc_id, r.quote[:60])


def test_spokesperson_quotes_are_not_the_leaders():
    _d, _s, mentions, quotes = _pipeline()
    spk = quotes[quotes["speaker_surface"].str.contains("spokes", case=False)]
    assert len(spk) >= 2
    leaders = set(mentions.loc[mentions["kind"].isin(["name", "alias", "role"]), "actor"])
    for r in spk.itertuples():
        assert r.speaker_kind == "office"
        assert r.speaker not in leaders


def test_most_direct_quotes_have_a_speaker_and_a_cue():
    _d, _s, _m, quotes = _pipeline()
    direct = quotes[quotes["kind"] == "direct"]
    assert len(direct) >= 25
    assert (direct["speaker"] != "").mean() >= 0.9
    assert (direct["cue"] != "").mean() >= 0.9
    assert set(quotes["kind"]) <= {"direct", "partial"}


def test_apostrophes_are_never_quotation_marks():
    docs, _s, _m, quotes = _pipeline()
    text = dict(zip(docs["doc_id"], docs["text"]))
    for r in quotes.itertuples():
        t = normalize(text[r.doc_id])
        before = t[r.start - 1] if r.start else ""
        prev = t[r.start - 2] if r.start > 1 else " "
        if before == "'":
            assert not prev.isalnum()  # Starmer's / didn't never open a quotation


def test_seed_stance_tables_are_well_formed_and_deterministic():
    from analytics.plotting.stance import stance_matrix
    from analytics.stance import stance_evidence, stance_table

    _d, sents, mentions, quotes = _pipeline()
    ev = stance_evidence(sents, mentions, quotes)
    assert len(ev) >= 20
    assert ev["score"].between(-1, 1).all()
    assert set(ev["label"]) <= {"support", "oppose", "neutral"}
    assert set(ev["source"]) <= {"quote", "reported"}
    assert ((ev["score"] > 0) == (ev["label"] == "support")).all()
    st = stance_table(ev)
    assert st["score"].between(-1, 1).all()
    assert not st.duplicated(["actor", "issue"]).any()
    pd.testing.assert_frame_equal(st, stance_table(stance_evidence(sents, mentions, quotes)))
    fig = stance_matrix(st)
    assert fig.axes


#: Every direct quotation of the demo corpus with its speaker, read by hand (doc id
#: prefix, start of the quotation, speaker). The pull quote "Any bilateral
#: negotiations ..." stands alone in its article, without attribution: no speaker.
SEED_SPEAKERS = [
    ('000', 'The Prime Minister reflected on his visi', 'Downing Street'),
    ('000', 'A meeting of the British, French, and Uk', 'Downing Street'),
    ('001', 'Donald Trump has asked Europe to step up', 'John Healey'),
    ('001', 'It’s a lasting, secure peace that we all', 'John Healey'),
    ('001', 'The world is changing, and that’s why th', 'Rachel Reeves'),
    ('001', 'Now more than ever, in this changed worl', 'Rachel Reeves'),
    ('002', 'We agreed we will keep increasing the pr', 'Keir Starmer'),
    ('002', 'Putin is the one trying to delay', 'Keir Starmer'),
    ('002', 'If Putin is serious about peace, I think', 'Keir Starmer'),
    ('002', 'Our militaries will meet on Thursday thi', 'Keir Starmer'),
    ('002', 'President Trump has offered Putin the wa', 'Keir Starmer'),
    ('002', 'We are talking to the US on a daily basi', 'Keir Starmer'),
    ('002', 'Russia doesn’t give the impression of wa', 'Emmanuel Macron'),
    ('002', 'President Putin wants to obtain everythi', 'Emmanuel Macron'),
    ('003', 'Any bilateral negotiations about Ukraine', ''),
    ('003', 'He was unequivocal that there could be n', 'Downing Street'),
    ('003', 'I informed Prime Minister Starmer about ', 'Volodymyr Zelensky'),
    ('003', 'Endless concessions to Moscow are a thre', 'John Bolton'),
    ('003', 'there was no reason', 'Donald Trump'),
    ('003', 'It makes me think that maybe he doesn’t ', 'Donald Trump'),
    ('003', 'Ukraine is ready for an unconditional ce', 'Emmanuel Macron'),
    ('003', 'There’s so many things that happened tod', 'Francesco Giordano'),
    ('004', 'We are facing a once-in-a-generation mom', 'Keir Starmer'),
    ('004', 'This is not only a question about the fu', 'Keir Starmer'),
    ('004', 'The UK is ready to play a leading role i', 'Keir Starmer'),
    ('004', 'But it also means being ready and willin', 'Keir Starmer'),
    ('004', 'I do not say that lightly', 'Keir Starmer'),
    ('004', 'I feel very deeply the responsibility th', 'Keir Starmer'),
    ('004', 'Hopefully, we’ll make some really good p', 'Steve Witkoff'),
    ('004', 'I’m not dismissive of the details. They’', 'Steve Witkoff'),
    ('004', 'It’s getting everything to understand th', 'Steve Witkoff'),
    ('004', 'That’s what the president has directed u', 'Steve Witkoff'),
]


def test_every_direct_seed_quote_has_the_speaker_read_by_hand():
    _d, _s, _m, quotes = _pipeline()
    direct = quotes[quotes["kind"] == "direct"]
    got = [(r.doc_id[:3], r.quote[:40], r.speaker) for r in direct.itertuples()]
    assert got == SEED_SPEAKERS
