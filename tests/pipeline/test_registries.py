"""A custom registry reaches every stage that needs it: mentions, quotes and stance.

The fictional registry of ``tests/fixtures/freedonia`` names people and a country the
bundled registry does not know; only it says that Gloria Teasdale is a woman and that
"Freedonia" is a country whose name can be the subject of a stance.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import analytics
from analytics import Registries, load_registries
from analytics.actors import ActorRegistry, load_registry
from analytics.stance import IssueRegistry, load_issues
from conftest import FIXTURES

FREEDONIA = FIXTURES / "freedonia"
TEXTS = [
    # two people: only the registry's genders say who "she" is
    "President Rufus Firefly met Chancellor Gloria Teasdale in the capital on Monday.\n"
    "“We strongly support the harbour tariff because it protects our workers,” she said.",
    "Chancellor Gloria Teasdale spoke after the cabinet met in the capital on Tuesday.\n"
    "She said she firmly rejects the border treaty with Sylvania.",
    # only the registry's scopes make the country a subject
    "Freedonia strongly supports the harbour tariff, officials said on Wednesday.",
]


def _analyze(**options) -> analytics.Analysis:
    return analytics.analyze(TEXTS, n_topics=1, progress=False, **options)


@pytest.fixture(scope="module")
def custom() -> analytics.Analysis:
    return _analyze(actors=str(FREEDONIA / "actors.yaml"), extend_actors=False,
                    issues=str(FREEDONIA / "issues.yaml"))


def test_custom_registry_reaches_mentions_quotes_and_stance(custom):
    mentions = set(zip(custom.mentions["doc_id"], custom.mentions["actor"]))
    assert {("0000", "Rufus Firefly"), ("0000", "Gloria Teasdale"),
            ("0001", "Gloria Teasdale")} <= mentions
    quote = custom.quotes.iloc[0]
    assert len(custom.quotes) == 1
    assert (quote["speaker"], quote["speaker_surface"]) == ("Gloria Teasdale", "she")
    evidence = set(custom.stance_evidence[["actor", "issue", "doc_id", "source", "label"]]
                   .itertuples(index=False, name=None))
    assert evidence == {
        ("Gloria Teasdale", "harbour_tariff", "0000", "quote", "support"),
        ("Gloria Teasdale", "border_treaty", "0001", "reported", "oppose"),
        ("Freedonia", "harbour_tariff", "0002", "reported", "support"),
    }
    stance = custom.stance.set_index(["actor", "issue"])["stance"]
    assert stance[("Gloria Teasdale", "harbour_tariff")] == "support"
    assert stance[("Freedonia", "harbour_tariff")] == "support"


def test_the_bundled_registry_in_quotes_and_stance_gets_them_wrong(monkeypatch):
    """What the registry changes: the same run with the bundled actors handed to the
    quote and stance stages (the mentions keep the custom ones)."""
    from analytics.pipeline import stages

    bundled = load_registry()

    def with_bundled_actors(run):
        def stage(tables, cfg):
            regs = dataclasses.replace(cfg.registries, actors=bundled)
            return run(tables, dataclasses.replace(cfg, registries=regs))
        return stage

    monkeypatch.setattr(stages, "STAGES", tuple(
        dataclasses.replace(s, run=with_bundled_actors(s.run))
        if s.name in ("quotes", "stance_evidence") else s for s in stages.STAGES))
    wrong = _analyze(actors=str(FREEDONIA / "actors.yaml"), extend_actors=False,
                     issues=str(FREEDONIA / "issues.yaml"))
    assert wrong.quotes["speaker"].tolist() == ["Rufus Firefly"]  # the first person named
    assert "Freedonia" not in set(wrong.stance_evidence["actor"])


def test_loaded_registries_are_used_as_given_in_every_chunk(custom):
    regs = load_registries(FREEDONIA / "actors.yaml", extend_actors=False,
                           issues=FREEDONIA / "issues.yaml")
    again = _analyze(actors=regs.actors, issues=regs.issues, chunk_size=1)
    for name in ("mentions", "quotes", "stance_evidence", "stance"):
        pd.testing.assert_frame_equal(custom.tables[name], again.tables[name], obj=name)


def test_load_registries():
    default = load_registries()
    assert isinstance(default.actors, ActorRegistry)
    assert isinstance(default.issues, IssueRegistry)
    assert "Keir Starmer" in default.actors and "Rufus Firefly" not in default.actors
    extended = load_registries(FREEDONIA / "actors.yaml", issues=FREEDONIA / "issues.yaml")
    alone = load_registries(FREEDONIA / "actors.yaml", extend_actors=False)
    assert len(alone.actors) == 4 and len(extended.actors) == len(default.actors) + 4
    assert "Rufus Firefly" in alone.actors and "Keir Starmer" not in alone.actors
    assert extended.issues.ids == ["harbour_tariff", "border_treaty"]
    assert alone.issues.ids == load_issues().ids
    given = load_registries(alone.actors, issues=extended.issues)
    assert given.actors is alone.actors and given.issues is extended.issues
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.actors = default.actors  # type: ignore[misc]
    with pytest.raises(TypeError, match="path to a YAML file or a loaded registry"):
        load_registries(actors=42)
    with pytest.raises(TypeError, match="must be an IssueRegistry"):
        Registries(actors=default.actors, issues={"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(analytics.RegistryError, match="missing.yaml"):
        load_registries(issues=FREEDONIA / "missing.yaml")
