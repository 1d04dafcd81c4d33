"""The README's examples work as written: the script runs, the registry examples of
"Your own corpus" load."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_script_example_runs(tmp_path):
    block = re.search(r"\*\*Scripts\.\*\*\s*```python\n(.*?)```", README, re.S).group(1)
    code = (block.replace('"path/to/articles"', repr(str(ROOT / "seeds")))
            .replace('"out/"', repr(str(tmp_path / "out")))
            .replace('"actors.gexf"', repr(str(tmp_path / "actors.gexf"))))
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert len(scope["model"].topics_) >= 1
    assert (tmp_path / "out" / "mentions.csv").is_file()


def test_own_corpus_examples_load(tmp_path):
    from analytics.actors.registry import load_registry
    from analytics.stance import load_issues

    section = README[README.index("## Your own corpus"):]
    section = section[:section.index("\n## ", 5)]
    for step in ("analytics actors --init", "analytics issues --init", "--period",
                 "analysis_dir", "docs/registry.md", "docs/issues.md"):
        assert step in section
    actors, issues = re.findall(r"```yaml\n(.*?)```", section, re.S)
    (tmp_path / "a.yaml").write_text(textwrap.dedent(actors), encoding="utf-8")
    (tmp_path / "i.yaml").write_text(textwrap.dedent(issues), encoding="utf-8")
    reg = load_registry(tmp_path / "a.yaml")
    assert [r.title for r in reg["Charles Clarke"].roles] == ["Home Secretary"]
    assert [i.label for i in load_issues(tmp_path / "i.yaml")] == ["Identity cards"]
