"""Rules of analytics.actors.find_mentions on small hand-written texts."""

from __future__ import annotations

import datetime as dt
import re
import time

import pandas as pd

from analytics.actors import Actor, ActorRegistry, find_mentions
from analytics.schema import TABLES


def sentences_of(docs: dict[str, str]) -> pd.DataFrame:
    """Split texts into paragraphs (lines) and sentences, with offsets."""
    rows = []
    for doc_id, text in docs.items():
        pos = 0
        for para_id, line in enumerate(text.split("\n")):
            for m in re.finditer(r"[^.!?]+(?:[.!?]+[\"\u201d]?|$)", line):
                seg = m.group()
                lead = len(seg) - len(seg.lstrip())
                seg = seg.strip()
                if not seg:
                    continue
                start = pos + m.start() + lead
                rows.append({"doc_id": doc_id, "sent_id": len(rows), "para_id": para_id,
                             "start": start, "end": start + len(seg), "text": seg})
            pos += len(line) + 1
    return pd.DataFrame(rows, columns=TABLES["sentences"])


def run(text: str | dict, **kw):
    docs = text if isinstance(text, dict) else {"d1": text}
    sents = sentences_of(docs)
    m, c = find_mentions(sents, **kw)
    for d, s, e, surf in zip(m["doc_id"], m["start"], m["end"], m["surface"]):
        assert docs[d][s:e] == surf
    return m, c


def actors(m, kind=None):
    if kind:
        m = m[m["kind"] == kind]
    return m["actor"].tolist()


# ----------------------------------------------------------------------- names

def test_schema_and_offsets_with_curly_quotes():
    text = "\u201cWe will,\u201d said Starmer\u2019s aide. Later Keir Starmer\u2019s office confirmed it."
    m, c = run(text)
    assert list(m.columns[:10]) == TABLES["mentions"]
    assert list(c.columns[:8]) == TABLES["candidates"]
    assert actors(m) == ["Keir Starmer", "Keir Starmer"]
    assert m["surface"].tolist() == ["Starmer", "Keir Starmer"]
    assert m["kind"].tolist() == ["alias", "name"]
    assert m["resolved"].all()


def test_spelling_variants_and_title_forms_map_to_one_actor():
    text = ("Volodymyr Zelenskyy spoke first. Then Zelensky answered, and Mr Zelenskiy left. "
            "Sir Keir listened while President Zelensky waited.")
    m, _ = run(text)
    assert set(actors(m)) == {"Volodymyr Zelensky", "Keir Starmer"}
    assert actors(m).count("Volodymyr Zelensky") == 4
    assert "Sir Keir" in m["surface"].tolist()


def test_accent_free_spelling_matches():
    m, _ = run("Talks with Recep Tayyip Erdogan and Mr Orban ended.")
    assert actors(m) == ["Recep Tayyip Erdoğan", "Viktor Orbán"]


def test_other_person_with_same_surname_is_not_the_registry_actor():
    m, _ = run("On Friday the former model Melania Trump opened a gallery. Visitors liked Trump Tower.")
    assert "Donald Trump" not in actors(m)


def test_trump_administration_counts_as_trump():
    m, _ = run("Officials in the Trump administration declined to comment.")
    assert actors(m) == ["Donald Trump"]


def test_ambiguous_surname_needs_full_name_in_document():
    reg = ActorRegistry([Actor(name="Theresa May", gender="female")])
    m, _ = run("May was a cold month. Everyone agreed.", registry=reg, discover=False)
    assert len(m) == 0
    m, _ = run("Theresa May spoke. May said it was cold.", registry=reg, discover=False)
    assert actors(m) == ["Theresa May", "Theresa May"]


def test_registry_organisations_and_custom_registry():
    reg = ActorRegistry([
        Actor(name="Acme Corporation", type="organisation", aliases=("Acme",)),
        Actor(name="Wile Coyote", gender="male"),
    ])
    m, _ = run("Acme sold a rocket to Wile Coyote. Coyote's plan failed.", registry=reg, discover=False)
    assert actors(m) == ["Acme Corporation", "Wile Coyote", "Wile Coyote"]


# ----------------------------------------------------------------------- roles

def test_country_qualified_roles_resolve_via_registry_on_the_date():
    text = ("The British Prime Minister flew to Paris. The US president phoned the Russian leader. "
            "Russia's foreign minister stayed at home. The president of France was hosting.")
    m, _ = run(text, period=(dt.date(2025, 6, 1), dt.date(2025, 6, 30)))
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == ["Keir Starmer", "Donald Trump", "Vladimir Putin",
                                       "Sergei Lavrov", "Emmanuel Macron"]
    assert roles["surface"].tolist()[0] == "British Prime Minister"
    assert roles["resolved"].all()
    assert set(roles["basis"]) == {"role"}


def test_registry_tenures_need_a_date_or_a_period():
    text = "The British Prime Minister flew to Paris. The US president phoned him."
    m, _ = run(text)  # undated, no period: the registry does not say who it was
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == ["", ""] and not roles["resolved"].any()
    # 2016: the registry's 2025 holders were not in office; the bundled office holders
    # say who was: two British prime ministers that year (unresolved), one US president
    m, _ = run(text, period=(dt.date(2016, 1, 1), dt.date(2016, 12, 31)))
    assert m[m["kind"] == "role"]["actor"].tolist() == ["", "Barack Obama"]
    m, _ = run(text, period=(dt.date(2005, 3, 1), dt.date(2005, 3, 31)))
    assert m[m["kind"] == "role"]["actor"].tolist() == ["Tony Blair", "George W. Bush"]


def test_unqualified_role_resolves_from_nearest_compatible_mention():
    text = "Emmanuel Macron met Keir Starmer on Monday. The president said the PM was right."
    m, _ = run(text)
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == ["Emmanuel Macron", "Keir Starmer"]


def test_unqualified_role_following_mention_and_unresolved():
    m, _ = run("The chancellor approved a loan. Rachel Reeves, a former economist, explained why.")
    assert m[m["kind"] == "role"]["actor"].tolist() == ["Rachel Reeves"]
    m, _ = run("The president spoke to reporters at length.")
    roles = m[m["kind"] == "role"]
    assert len(roles) == 1
    assert roles["actor"].tolist() == [""] and not roles["resolved"].any()


def test_former_role_needs_past_holder():
    m, _ = run("Donald Trump held a rally. The former US president attacked the press.")
    assert m[m["kind"] == "role"]["actor"].tolist() == ["Donald Trump"]
    m, _ = run("The former US president wrote a book.")
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == [""] and not roles["resolved"].any()


def test_role_before_a_name_is_a_title_not_a_second_mention():
    m, _ = run("Ukrainian President Volodymyr Zelensky met Russia's Foreign Minister Sergei Lavrov.")
    assert m["kind"].tolist() == ["name", "name"]
    assert actors(m) == ["Volodymyr Zelensky", "Sergei Lavrov"]


def test_blocking_modifiers_and_generic_roles():
    m, _ = run("Keir Starmer arrived. The shadow prime minister stayed behind. The leader smiled.")
    assert actors(m) == ["Keir Starmer"]
    # "deputy prime minister" is its own office, never the prime minister
    m, _ = run("Keir Starmer arrived. The deputy prime minister stayed behind.")
    assert "Keir Starmer" not in m[m["kind"] == "role"]["actor"].tolist()


def test_document_date_selects_role_holder():
    sents = sentences_of({"old": "The German chancellor spoke.", "new": "The German chancellor spoke."})
    docs = pd.DataFrame({"doc_id": ["old", "new"], "date": ["2023-05-01", "2025-10-01"]})
    m, _ = find_mentions(sents, documents=docs)
    got = dict(zip(m["doc_id"], m["actor"]))
    assert got == {"old": "Olaf Scholz", "new": "Friedrich Merz"}


# ----------------------------------------------------------------------- pronouns

def test_pronouns_off_by_default_and_resolved_when_asked():
    text = ("Rachel Reeves visited a factory. She praised the workers.\n"
            "Later her aides met Keir Starmer. He thanked them.")
    m, _ = run(text)
    assert "pronoun" not in m["kind"].tolist()
    m, _ = run(text, pronouns=True)
    p = m[m["kind"] == "pronoun"]
    assert p["surface"].tolist() == ["She", "her", "He"]
    assert p["actor"].tolist() == ["Rachel Reeves", "Rachel Reeves", "Keir Starmer"]


def test_pronoun_outside_quote_skips_people_inside_quote():
    text = "John Healey arrived. \u201cPutin must stop,\u201d he said."
    m, _ = run(text, pronouns=True)
    p = m[m["kind"] == "pronoun"]
    assert p["actor"].tolist() == ["John Healey"]


def test_pronoun_does_not_cross_two_paragraphs():
    text = "Keir Starmer spoke.\nNothing happened.\nThen he left."
    m, _ = run(text, pronouns=True)
    assert "pronoun" not in m["kind"].tolist()


# ----------------------------------------------------------------------- discovery

def test_discovery_cues_title_role_speech_apposition():
    text = (
        "Mr Alan Pemberton arrived late. Trade envoy Maria Ostrova met him.\n"
        "Gregor Malinowski, who chairs the panel, said the plan was sound. "
        "The economist Hanna Ljung, a former adviser, agreed.\n"
        "Later Pemberton and Ostrova left together."
    )
    m, c = run(text)
    d = m[m["kind"] == "discovered"]
    assert set(d["actor"]) == {"Alan Pemberton", "Maria Ostrova", "Gregor Malinowski", "Hanna Ljung"}
    # surname-only later mentions attach to the full name
    assert d["actor"].tolist().count("Alan Pemberton") == 2
    assert d["actor"].tolist().count("Maria Ostrova") == 2
    cues = dict(zip(c["name"], c["cue"]))
    assert cues["Alan Pemberton"] == "title"
    assert cues["Maria Ostrova"] == "role"
    assert "speech" in cues["Gregor Malinowski"] or "apposition" in cues["Gregor Malinowski"]
    assert list(c.columns) == TABLES["candidates"]
    kinds = dict(zip(c["name"], c["kind"]))
    assert set(kinds.values()) == {"person"}


def test_discovery_rejects_places_organisations_and_media():
    text = (
        "Downing Street said the talks went well. Fox News reported it first, Sky News later. "
        "He posted on Truth Social from Air Force One. The Oval Office was busy. "
        "Crowds gathered at St Peter's Basilica. Lancaster House said nothing. "
        "The Munich Security Conference said it would meet. Associated Press said so too. "
        "Wall Street Journal said markets fell. The Grand Hotel said it was full."
    )
    m, c = run(text)
    assert "discovered" not in m["kind"].tolist()
    assert len(c) == 0


def test_photo_credits_are_not_persons():
    text = ("Photo credit: Jane Harlowe/Pool/Reuters\nPic: Tom Vickers said nothing.\n"
            "The summit began. (Dr Anna Kowal/AFP via Getty Images)")
    m, c = run(text)
    assert "discovered" not in m["kind"].tolist()


def test_discovery_off_and_cross_document_title_attach():
    docs = {"a": "Envoy Oskar Brandvold said talks would resume.",
            "b": "Mr Brandvold returned on Monday. Brandvold smiled."}
    m, c = run(docs)
    d = m[m["kind"] == "discovered"]
    assert d["actor"].tolist() == ["Oskar Brandvold", "Oskar Brandvold", "Oskar Brandvold"]
    assert c.set_index("name").loc["Oskar Brandvold", "documents"] == 2
    m, c = run(docs, discover=False)
    assert "discovered" not in m["kind"].tolist() and len(c) == 0


def test_pope_and_royal_titles_keep_the_title():
    m, c = run("Prince Harald said he was pleased. Cardinal Dominik Rosza agreed.",
               registry=ActorRegistry([]))
    assert set(m[m["kind"] == "discovered"]["actor"]) == {"Prince Harald", "Dominik Rosza"}


# ----------------------------------------------------------------------- general

def test_deterministic_and_sorted():
    text = ("The US president met Keir Starmer. Envoy Lara Voss said the PM was calm. "
            "Putin was absent.")
    m1, c1 = run({"b": text, "a": text})
    m2, c2 = run({"a": text, "b": text})
    pd.testing.assert_frame_equal(m1.drop(columns="sent_id"), m2.drop(columns="sent_id"))
    pd.testing.assert_frame_equal(c1.drop(columns="example"), c2.drop(columns="example"))
    assert m1["doc_id"].tolist() == sorted(m1["doc_id"].tolist())
    for _, g in m1.groupby("doc_id"):
        assert g["start"].is_monotonic_increasing


def test_empty_input():
    m, c = find_mentions(pd.DataFrame(columns=TABLES["sentences"]))
    assert len(m) == 0 and list(m.columns) == TABLES["mentions"]
    assert list(c.columns) == TABLES["candidates"]


def test_many_documents_in_one_call():
    """A chunk of 500 documents: every document gets its own mentions, none leak across
    document boundaries (speed is measured by benchmarks/bench_ner.py, not here)."""
    base = [
        "Keir Starmer met Emmanuel Macron in Paris on Tuesday to discuss Ukraine.",
        "The US president said he would call the Russian leader again soon.",
        "Envoy Tomas Erikson said the talks had been useful, officials said.",
        "Markets fell sharply after the announcement, analysts noted.",
        "Mr Healey told reporters the plan would be ready by Friday.",
        "Downing Street said the Prime Minister had spoken to President Zelensky.",
    ]
    docs = {f"doc{i:04d}": " ".join(base[(i + k) % len(base)] for k in range(6)) for i in range(500)}
    sents = sentences_of(docs)
    m, _ = find_mentions(sents, pronouns=True)
    assert len(m) > len(sents)
    assert set(m["doc_id"]) == set(docs)
    people = m[m["kind"] == "name"].groupby("doc_id")["actor"].agg(set)
    assert all({"Keir Starmer", "Emmanuel Macron"} <= found for found in people)


def test_pronoun_prefers_subject_and_object_pronoun_prefers_other():
    text = ("Speaking to Emmanuel Macron, Keir Starmer expressed his support. "
            "Donald Trump will pressure Vladimir Putin, or punish him.")
    m, _ = run(text, pronouns=True)
    p = m[m["kind"] == "pronoun"]
    assert p["actor"].tolist() == ["Keir Starmer", "Vladimir Putin"]


def test_pronoun_after_quote_goes_to_previous_subject():
    text = ("Steve Witkoff met Donald Trump at noon. "
            "\u201cWe made progress,\u201d he said.")
    m, _ = run(text, pronouns=True)
    assert m[m["kind"] == "pronoun"]["actor"].tolist() == ["Steve Witkoff"]


def test_titles_before_names_make_local_role_holders():
    text = ("Ruritanian Prime Minister Rudolf Rassendyll met reporters in Strelsau. "
            "The prime minister said the border was calm.")
    m, _ = run(text)
    roles = m[m["kind"] == "role"]
    assert roles["actor"].tolist() == ["Rudolf Rassendyll"]
    assert m[m["kind"] == "discovered"]["surface"].tolist() == ["Rudolf Rassendyll"]


def test_other_given_name_at_sentence_start_blocks_registry_surname():
    m, _ = run("Keanu Reeves starred in the film. Fans cheered.")
    assert "Rachel Reeves" not in actors(m)
    m, _ = run("Ultimately Reeves decided to borrow more.")
    assert actors(m) == ["Rachel Reeves"]


def test_single_token_titled_person_groups_surname_mentions():
    docs = {"a": "Lord Ricketts said the plan was sound. Ricketts added that it was late.",
            "b": "Mr Ricketts was absent."}
    m, c = run(docs)
    d = m[m["kind"] == "discovered"]
    assert d["actor"].tolist() == ["Lord Ricketts"] * 3
    assert c["name"].tolist() == ["Lord Ricketts"]


def test_roles_and_titles_inside_proper_names_are_not_people():
    text = ("Keir Starmer watched. The Premier League said the match was off. "
            "General Dynamics said it would bid. Lockheed Martin said deliveries slowed.")
    m, c = run(text)
    assert actors(m) == ["Keir Starmer"]
    assert len(c) == 0


def test_office_title_needs_a_full_name_for_discovery():
    m, c = run("Senator Okafor said no. Senator Adaeze Okafor said yes.")
    assert c["name"].tolist() == ["Adaeze Okafor"]
    d = m[m["kind"] == "discovered"]
    # the surname-only mention attaches to the full name found in the document
    assert d["actor"].tolist() == ["Adaeze Okafor", "Adaeze Okafor"]


def test_accent_free_surname_needs_the_full_name():
    m, _ = run("Store closures rose in May. Shoppers stayed home.")
    assert len(m[m["kind"] != "discovered"]) == 0
    m, _ = run("Jonas Gahr Støre spoke. Later Store said Norway would help.")
    assert actors(m) == ["Jonas Gahr Støre", "Jonas Gahr Støre"]


def test_role_of_an_unknown_organisation_is_not_resolved():
    m, _ = run("Donald Trump met the president of FIFA. The prime minister of Tuvalu was there too.")
    assert actors(m) == ["Donald Trump"]
    # Japan's office is known: on a date, its holder then
    m, _ = run("Donald Trump met the president of FIFA. The prime minister of Japan was there too.",
               period=(dt.date(2019, 6, 1), dt.date(2019, 6, 30)))
    assert actors(m) == ["Donald Trump", "Shinzo Abe"]
    m, _ = run("Mark Rutte spoke. The chief executive of the firm left. The Nato chief stayed.")
    assert m["actor"].tolist() == ["Mark Rutte", "Mark Rutte"]


def test_pathological_inputs_are_fast_and_safe():
    docs = {
        "caps": " ".join(["Abc"] * 3000) + " said.",
        "credit": "Photo credit: " + "a" * 5000 + "(",
        "the": "the " * 3000 + "president",
        "quotes": "\u201c" * 500 + "he said" + "\u201d" * 500,
        "mixed": "Mr Al bin von der Leyen\u2019s \u201cthe former US\u201d Zelenskyy\u2018s J. D. UK's -- "
                 * 200,
    }
    t = time.perf_counter()
    m, c = run(docs, pronouns=True)
    assert time.perf_counter() - t < 5
    assert not (c["name"].str.len() > 80).any()


def test_generational_suffix_is_another_person():
    m, _ = run("Donald Trump Jr posted a video. Donald Trump did not.")
    assert m[m["actor"] == "Donald Trump"]["start"].tolist() == [32]
    # the son is a person of his own (discovered through the speech cue)
    assert m[m["start"] == 0]["actor"].tolist() == ["Donald Trump Jr"]


def test_registry_path_is_accepted(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("actors:\n  - name: Wile Coyote\n    gender: male\n", encoding="utf-8")
    m, _ = run("Wile Coyote met Keir Starmer.", registry=str(p))
    assert actors(m) == ["Wile Coyote", "Keir Starmer"]
