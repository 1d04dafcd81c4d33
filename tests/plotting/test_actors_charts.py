"""Charts of analytics.plotting.actors return labelled figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analytics.comentions import comention_matrix, to_networkx  # noqa: E402
from analytics.plotting.actors import (  # noqa: E402
    actor_network,
    cluster_order,
    comention_heatmap,
    mention_counts,
)
from analytics.schema import TABLES  # noqa: E402


@pytest.fixture
def mentions():
    rng = np.random.default_rng(0)
    rows = []
    groups = [["Ann Alpha", "Bob Beta", "Cy Gamma"], ["Di Delta", "Ed Epsilon", "Flo Zeta"]]
    for s in range(60):
        g = groups[s % 2]
        for a in rng.choice(g, size=2, replace=False):
            rows.append((f"d{s // 6}", s, s // 3, a, a, 0, 1, "name", True, "name"))
    return pd.DataFrame(rows, columns=TABLES["mentions"])


def test_mention_counts(mentions):
    fig = mention_counts(mentions, top=4)
    ax = fig.axes[0]
    assert ax.get_title()
    assert len(ax.get_yticklabels()) == 4
    assert ax.get_xlabel() == "mentions"
    plt.close(fig)


def test_heatmap_clustered_order(mentions):
    m = comention_matrix(mentions, "sentence")
    order = cluster_order(m)
    # the two groups never co-occur: each must be contiguous in the order
    first = set(order[:3])
    assert first in ({"Ann Alpha", "Bob Beta", "Cy Gamma"}, {"Di Delta", "Ed Epsilon", "Flo Zeta"})
    fig = comention_heatmap(m)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == order
    assert ax.get_title()
    plt.close(fig)


def test_network_labels_do_not_overlap(mentions):
    g = to_networkx(mentions, "paragraph")
    fig = actor_network(g)
    ax = fig.axes[0]
    fig.canvas.draw()
    texts = [t for t in ax.texts if t.get_text()]
    assert {t.get_text() for t in texts} == set(g.nodes)
    boxes = [t.get_window_extent() for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    plt.close(fig)


def test_empty_inputs_draw_placeholders():
    empty = pd.DataFrame(columns=TABLES["mentions"])
    for fig in (mention_counts(empty), comention_heatmap(pd.DataFrame()), actor_network(None)):
        assert fig.axes[0].get_title()
        plt.close(fig)


def test_dense_network_labels_do_not_overlap():
    rows = []
    names = [f"Person Number{i:02d}" for i in range(22)]
    for s in range(40):
        for k, a in enumerate(names):
            if (s + k) % 3:
                rows.append(("d", s, s, a, a, 0, 1, "name", True, "name"))
    mentions = pd.DataFrame(rows, columns=TABLES["mentions"])
    fig = actor_network(to_networkx(mentions, "sentence"))
    ax = fig.axes[0]
    fig.canvas.draw()
    texts = [t for t in ax.texts if t.get_text()]
    assert len(texts) == 22
    boxes = [t.get_window_extent() for t in texts]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if boxes[i].overlaps(boxes[j])]
    assert not overlaps
    plt.close(fig)
