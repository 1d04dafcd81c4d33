"""Charts that do not mislead: thin rows left out, readable labels, networks whose
parts stay apart with labels that do not overlap."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd

from analytics.plotting.actors import _layout, actor_network
from analytics.plotting.corpus import removed_by_rule
from analytics.plotting.topics import topic_actor_heatmap, topic_prevalence


def _graph() -> nx.Graph:
    g = nx.Graph()
    edges = [("Maria Lindqvist", "Tomas Berg"), ("Tomas Berg", "Anna Falk"),
             ("Anna Falk", "Maria Lindqvist"), ("Keir Starmer", "Rachel Reeves"),
             ("Donald Trump", "JD Vance"), ("JD Vance", "Marco Rubio"),
             ("Pope Francis", "Francesco Giordano")]
    for a, b in edges:
        g.add_edge(a, b, weight=2)
    for i, n in enumerate(g.nodes):
        g.nodes[n]["mentions"] = 10 - i
    return g


def test_network_components_do_not_overlap():
    g = _graph()
    pos = _layout(g, 7)
    boxes = []
    for comp in nx.connected_components(g):
        xs = [pos[n][0] for n in comp]
        ys = [pos[n][1] for n in comp]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for (ax0, ax1, ay0, ay1), (bx0, bx1, by0, by1) in itertools.combinations(boxes, 2):
        apart_x = ax1 < bx0 or bx1 < ax0
        apart_y = ay1 < by0 or by1 < ay0
        assert apart_x or apart_y
    assert all(-1.0001 <= c <= 1.0001 for p in pos.values() for c in p)


def test_network_labels_do_not_overlap():
    fig = actor_network(_graph())
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if t.get_text()]
    assert len(labels) == _graph().number_of_nodes() == 10
    boxes = [t.get_window_extent(r) for t in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_topic_heatmap_leaves_out_one_mention_actors():
    ta = pd.DataFrame({"actor": ["Maria Lindqvist", "Maria Lindqvist", "Anna Falk"],
                       "topic": [0, 1, 0], "mentions": [6, 4, 1], "share": [0.6, 0.4, 1.0]})
    topics = pd.DataFrame({"topic": [0, 1], "label": ["harbour / jobs", "debate / tv"]})
    fig = topic_actor_heatmap(ta, topics=topics)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows == ["Maria Lindqvist (10)"]
    notes = [t.get_text() for t in fig.texts]
    assert any("1 actor with fewer than 5 mentions not shown" in n for n in notes)
    cols = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert cols == ["0: harbour / jobs", "1: debate / tv"]


def test_prevalence_axis_names_documents_by_title():
    prev = pd.DataFrame({"doc_id": ["000_d90b2c8b1cc3f814", "001_cda13d608c9bd81f"],
                         "topic": [0, 0], "share": [1.0, 1.0]})
    docs = pd.DataFrame({"doc_id": ["000_d90b2c8b1cc3f814", "001_cda13d608c9bd81f"],
                         "title": ["Lindqvist opens her campaign", None],
                         "text": ["x", "Tomas Berg answered on Tuesday in Norrport."]})
    fig = topic_prevalence(prev, documents=docs)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[0] == "Lindqvist opens her campaign"
    assert ticks[1].startswith("Tomas Berg answered")
    assert not any("d90b2c8b" in t for t in ticks)


def test_removed_by_rule_uses_labels():
    removed = pd.DataFrame({"doc_id": ["d"] * 2, "start": [0, 10], "end": [5, 12],
                            "rule": ["cookie_consent", "caption"], "text": ["a", "b"]})
    fig = removed_by_rule(removed, labels={"cookie_consent": "cookie and consent notices",
                                           "caption": "image captions"})
    ticks = sorted(t.get_text() for t in fig.axes[0].get_yticklabels())
    assert ticks == ["cookie and consent notices", "image captions"]
