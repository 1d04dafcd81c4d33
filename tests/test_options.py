"""One option list: analyze()'s keywords, the CLI flags, the saved manifest and the
per-chunk configuration all come from :class:`analytics.Options` and cannot drift."""

from __future__ import annotations

import dataclasses
import inspect
import json

import pytest

import analytics
from analytics import InputError, Options
from analytics.cli import analyze_options, build_parser
from analytics.options import defaults, specs
from analytics.pipeline import BACKENDS, Config

FIELDS = [f.name for f in dataclasses.fields(Options)]


def _parse(*argv: str):
    return build_parser().parse_args(["analyze", "corpus", "--out", "o", *argv])


def test_analyze_signature_is_the_option_list():
    params = list(inspect.signature(analytics.analyze).parameters.values())
    assert params[0].name == "source" and params[0].default is None
    assert [p.name for p in params[1:]] == FIELDS
    assert all(p.kind is p.KEYWORD_ONLY for p in params[1:])
    assert {p.name: p.default for p in params[1:]} == defaults()
    doc = analytics.analyze.__doc__
    for name, spec in specs().items():
        assert f"    {name} : {spec.type}" in doc, name
    assert "tone_model : {'default', 'linear', 'minilm'}, default 'default'" in doc


def test_unknown_keywords_are_type_errors_with_a_suggestion():
    with pytest.raises(TypeError, match="unexpected keyword argument 'n_topic'; did you "
                                        "mean 'n_topics'"):
        analytics.analyze(["Keir Starmer spoke."], n_topic=2)
    with pytest.raises(TypeError, match="'model'"):
        analytics.analyze(["Keir Starmer spoke."], model="linear")


def test_cli_defaults_are_the_option_defaults():
    assert Options(**analyze_options(_parse())) == Options()
    report = build_parser().parse_args(["report"])
    assert Options(**analyze_options(report)) == Options()


def test_every_flag_is_one_option_and_converts_to_it():
    opts = Options(**analyze_options(_parse(
        "--text-column", "body", "--id-column", "", "--title-column", "headline",
        "--url-column", "link", "--encoding", "cp1252", "--boilerplate", "rules.yaml",
        "--max-chars", "0", "--all-languages", "--actors", "a.yaml", "--actors-only",
        "--issues", "i.yaml", "--pronouns", "--topics", "5", "--topic-method", "lda",
        "--topic-unit", "document", "--tone-model", "linear", "--random-state", "7",
        "--backend", "dask", "--scheduler", "threads", "--chunk-size", "10", "--force",
        "-q")))
    assert opts == Options(
        text_column="body", id_column=None, columns={"title": "headline", "url": "link"},
        encoding="cp1252", boilerplate="rules.yaml", max_chars=None, languages=None,
        actors="a.yaml", extend_actors=False, issues="i.yaml", pronouns=True, n_topics=5,
        topic_method="lda", topic_unit="document", tone_model="linear", random_state=7,
        backend="dask", scheduler="threads", chunk_size=10, force=True, progress=False)
    # every option with a flag is listed by --help, in its group
    text = build_parser()._subparsers._group_actions[0].choices["analyze"].format_help()
    for spec in specs().values():
        for flag in spec.flags:
            assert flag.names[-1] in text
    for group in ("input:", "analysis:", "execution:"):
        assert group in text


@pytest.mark.parametrize("argv, error", [
    (("--max-chars", "-1"), "--max-chars must be a whole number of at least 0"),
    (("--topics", "many"), "--topics must be 'auto' or a whole number of at least 1"),
    (("--chunk-size", "x"), "--chunk-size must be a whole number of at least 1"),
    (("--encoding", "base64"), "--encoding must be the name of a text encoding"),
])
def test_cli_values_get_the_option_checks(argv, error, capsys):
    with pytest.raises(SystemExit) as exit_:
        _parse(*argv)
    assert exit_.value.code == 2
    assert error in capsys.readouterr().err


def test_options_are_checked_and_normalised_once():
    assert Options(max_chars=0).max_chars is None
    assert Options(languages=["en", "de"]).languages == ("en", "de")
    assert Options(languages="en").languages == ("en",)
    assert Options(languages=()).languages is None
    with pytest.raises(InputError, match=r"random_state=-1 is not valid; random_state must "
                                         r"be a whole number from 0 to 4294967295 \(CLI: "
                                         r"--random-state\)"):
        Options(random_state=-1)
    with pytest.raises(InputError, match="topic_method='pca' is not valid; topic_method must "
                                         "be one of 'nmf', 'lda', 'kmeans'"):
        Options(topic_method="pca")
    with pytest.raises(InputError, match="used only with backend='dask'"):
        Options(scheduler="threads")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().n_topics = 3  # type: ignore[misc]


def test_choices_are_those_of_the_dispatch_tables():
    from analytics.sentiment import TONE_MODELS
    from analytics.topics import METHODS

    allowed = {name: spec.allowed() for name, spec in specs().items()}
    assert allowed["backend"] == tuple(BACKENDS)
    assert allowed["topic_method"] == tuple(METHODS)
    assert allowed["tone_model"] == tuple(TONE_MODELS)


def test_manifest_and_chunk_config_come_from_the_options(tmp_path):
    opts = Options(n_topics=1, pronouns=True, languages=None, actors=tmp_path / "a.yaml")
    manifest = opts.manifest()
    assert set(manifest) == {n for n, s in specs().items() if s.record}
    assert {"out", "force", "progress", "scheduler"}.isdisjoint(manifest)
    assert manifest["actors"] == str(tmp_path / "a.yaml") and manifest["languages"] is None
    config_fields = {f.name for f in dataclasses.fields(Config)}
    assert set(opts.chunk_options()) == config_fields - {"rules", "registries", "discovery"}
    cfg = Config.from_options(opts, rules=[], registries=analytics.load_registries())
    assert (cfg.pronouns, cfg.languages, cfg.tone_model) == (True, None, "default")

    a = analytics.analyze(["Keir Starmer met Emmanuel Macron in Paris on Friday."],
                          n_topics=1, progress=False, out=tmp_path / "out")
    saved = json.loads((tmp_path / "out" / "analysis.json").read_text())["options"]
    assert saved == a.options
    assert saved == {"source": "['Keir Starmer met Emmanuel Macron in Paris on Friday.']",
                     **Options(n_topics=1).manifest()}
