"""The actor network is drawn the same in every process."""

from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx

from analytics.plotting.actors import _subgraph

SCRIPT = """
import hashlib, io
import networkx as nx
from analytics.plotting.actors import actor_network
g = nx.Graph()
names = [f"Person {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
for i, a in enumerate(names):
    g.add_node(a, mentions=100 - i)
for i in range(len(names)):
    for j in (1, 3, 7):
        g.add_edge(names[i], names[(i + j) % len(names)], weight=1.0 + (i % 4))
fig = actor_network(g, max_nodes=9)
buf = io.BytesIO()
fig.savefig(buf, format="png")
print(hashlib.sha256(buf.getvalue()).hexdigest())
"""


def test_subgraph_keeps_the_graph_order():
    g = nx.Graph()
    names = [f"n{i:02d}" for i in range(30)]
    nx.add_path(g, names)
    keep = names[::-1][:8]  # fewer than half, in another order
    sub = _subgraph(g, keep)
    assert list(sub.nodes) == sorted(keep)
    assert list(sub.edges) == [(a, b) for a, b in zip(sorted(keep), sorted(keep)[1:])]


def test_network_chart_does_not_depend_on_the_hash_seed():
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, MPLBACKEND="Agg")
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True,
                             capture_output=True, text=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
