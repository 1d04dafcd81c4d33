"""Charts about actors: mention counts, co-mention heatmap, co-mention network."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from analytics.plotting.style import PALETTE, SEQUENTIAL, new_figure, style

__all__ = ["mention_counts", "comention_heatmap", "actor_network", "cluster_order"]


def mention_counts(mentions: pd.DataFrame, top: int = 15, ax=None, *, by_kind: bool = True):
    """Horizontal bar chart of the most mentioned actors.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The ``mentions`` table; unresolved mentions are left out.
    top : int, default 15
        Number of actors shown.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure otherwise).
    by_kind : bool, default True
        Stack bars by mention kind (name/alias, role, pronoun, discovered).

    Returns
    -------
    matplotlib.figure.Figure
    """
    m = mentions
    if len(m):
        m = m[m["actor"].astype(str).ne("") & m["resolved"].astype(bool)]
    with style():
        if ax is None:
            fig, ax = new_figure(7.0, max(2.5, 0.32 * min(top, max(len(set(m["actor"])) if len(m) else 1, 1)) + 1.2))
        else:
            fig = ax.figure
        if len(m) == 0:
            ax.text(0.5, 0.5, "no actor mentions", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title("Actor mentions")
            return fig
        kind = m["kind"].replace({"name": "name / alias", "alias": "name / alias"})
        tab = pd.crosstab(m["actor"], kind)
        tab["_total"] = tab.sum(axis=1)
        tab = tab.sort_values(["_total"], ascending=False, kind="stable")
        tab = tab.iloc[:top]
        tab = tab.iloc[::-1]
        order = [k for k in ("name / alias", "role", "discovered", "pronoun") if k in tab.columns]
        left = np.zeros(len(tab))
        y = np.arange(len(tab))
        if by_kind:
            for i, k in enumerate(order):
                ax.barh(y, tab[k].to_numpy(), left=left, color=PALETTE[i % len(PALETTE)], label=k)
                left += tab[k].to_numpy()
            if len(order) > 1:
                ax.legend(loc="lower right", fontsize=8)
        else:
            ax.barh(y, tab["_total"].to_numpy(), color=PALETTE[0])
        for yi, tot in zip(y, tab["_total"].to_numpy()):
            ax.text(tot, yi, f" {int(tot)}", va="center", fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(tab.index.tolist())
        ax.set_xlabel("mentions")
        ax.set_title(f"Most mentioned actors (top {min(top, len(tab))})")
        ax.margins(x=0.1)
        fig.tight_layout()
    return fig


def cluster_order(matrix: pd.DataFrame) -> list:
    """Actor order from average-linkage hierarchical clustering of the matrix rows."""
    labels = list(matrix.index)
    if len(labels) < 3:
        return labels
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import pdist

    x = matrix.to_numpy(dtype=float)
    x = np.nan_to_num(x)
    # profile of each actor (row-normalised, diagonal excluded)
    prof = x.copy()
    np.fill_diagonal(prof, 0.0)
    norms = np.linalg.norm(prof, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    prof = prof / norms
    d = pdist(prof, metric="euclidean")
    if not np.isfinite(d).all() or d.max() == 0:
        return labels
    z = linkage(d, method="average", optimal_ordering=True)
    return [labels[i] for i in leaves_list(z)]


def comention_heatmap(matrix: pd.DataFrame, ax=None, *, title: str | None = None, annotate: bool | None = None):
    """Heatmap of a co-mention matrix, rows/columns in hierarchical-clustering order.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`analytics.comentions.comention_matrix`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    annotate : bool, optional
        Write values in cells (default: when at most 15 actors).

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = len(matrix)
    with style():
        if ax is None:
            side = min(12.0, max(4.0, 0.45 * n + 2.5))
            fig, ax = new_figure(side + 1.0, side)
        else:
            fig = ax.figure
        if n == 0:
            ax.text(0.5, 0.5, "no co-mentions", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title(title or "Actor co-mentions")
            return fig
        order = cluster_order(matrix)
        mat = matrix.loc[order, order]
        vals = mat.to_numpy(dtype=float)
        shown = vals.copy()
        np.fill_diagonal(shown, np.nan)  # the diagonal would dominate the colour scale
        is_npmi = bool(np.nanmin(shown) < 0) if np.isfinite(shown).any() else False
        cmap = "RdBu" if is_npmi else SEQUENTIAL
        vmin, vmax = (-1, 1) if is_npmi else (0, np.nanmax(shown) if np.isfinite(shown).any() else 1)
        cmap = matplotlib.colormaps[cmap].with_extremes(bad="#e6e6e6")  # the (hidden) diagonal
        im = ax.imshow(shown, cmap=cmap, vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1, aspect="equal")
        ax.set_xticks(range(n))
        ax.set_yticks(range(n))
        ax.set_xticklabels(order, rotation=60, ha="right", fontsize=8)
        ax.set_yticklabels(order, fontsize=8)
        ax.spines[:].set_visible(False)
        if annotate is None:
            annotate = n <= 15
        if annotate:
            for i in range(n):
                for j in range(n):
                    if i == j:
                        continue
                    v = vals[i, j]
                    if v == 0 or not np.isfinite(v):
                        continue
                    txt = f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"
                    ax.text(j, i, txt, ha="center", va="center", fontsize=7,
                            color="white" if (not is_npmi and v > 0.6 * vmax) else "black")
        cb = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        cb.set_label("co-mentions (diagonal hidden)" if not is_npmi else "NPMI")
        ax.set_title(title or "Actor co-mentions (clustered order)")
        fig.tight_layout()
    return fig


def _repel(pos: dict, labels: dict, iterations: int = 200, step: float = 0.01,
           min_dx: float = 0.16, min_dy: float = 0.07) -> dict:
    """Move label anchors apart until their boxes (approximate) no longer overlap."""
    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    widths = np.array([max(min_dx, 0.018 * len(labels[n])) for n in names])
    for _ in range(iterations):
        moved = False
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                dx = xy[j, 0] - xy[i, 0]
                dy = xy[j, 1] - xy[i, 1]
                need_x = (widths[i] + widths[j]) / 2
                if abs(dx) < need_x and abs(dy) < min_dy:
                    push = (min_dy - abs(dy)) / 2 + step
                    sgn = 1.0 if dy >= 0 else -1.0
                    if dy == 0:
                        sgn = 1.0 if (i + j) % 2 else -1.0
                    xy[i, 1] -= sgn * push
                    xy[j, 1] += sgn * push
                    moved = True
        if not moved:
            break
    return {n: tuple(xy[k]) for k, n in enumerate(names)}


def actor_network(graph, ax=None, *, title: str | None = None, seed: int = 7, max_nodes: int = 40):
    """Draw a co-mention network.

    Node size is proportional to the node attribute ``mentions``, edge width to the
    edge ``weight``; the layout (Kamada-Kawai seeded by a fixed-seed spring layout)
    is deterministic and labels are pushed apart so they do not overlap.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`analytics.comentions.to_networkx`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    seed : int, default 7
        Layout seed.
    max_nodes : int, default 40
        Only the most mentioned nodes are drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import networkx as nx

    with style():
        if ax is None:
            fig, ax = new_figure(8.0, 6.5)
        else:
            fig = ax.figure
        ax.set_title(title or "Actor co-mention network")
        ax.set_axis_off()
        if graph is None or graph.number_of_nodes() == 0:
            ax.text(0.5, 0.5, "no co-mentions", ha="center", va="center", transform=ax.transAxes)
            return fig
        mentions = nx.get_node_attributes(graph, "mentions")
        nodes = sorted(graph.nodes, key=lambda n: (-mentions.get(n, 0), str(n)))[:max_nodes]
        g = graph.subgraph(nodes).copy()
        if g.number_of_edges():
            # isolated actors carry no co-mention information and squash the layout
            g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
        n_nodes = g.number_of_nodes()
        if g.number_of_edges() and n_nodes > 2:
            pos = nx.spring_layout(g, seed=seed, weight=None, k=2.0 / np.sqrt(n_nodes), iterations=300)
            if nx.is_connected(g):
                try:
                    pos = nx.kamada_kawai_layout(g, pos=pos, weight=None)
                except Exception:  # pragma: no cover - degenerate graphs
                    pass
        else:
            pos = nx.circular_layout(g)
        # normalise to [-1, 1]
        arr = np.array([pos[n] for n in g.nodes], dtype=float)
        if len(arr) > 1:
            arr = arr - arr.mean(axis=0)
            scale = np.abs(arr).max(axis=0)
            scale[scale == 0] = 1.0
            arr = arr / scale
        pos = {n: tuple(arr[i]) for i, n in enumerate(g.nodes)}
        m = np.array([mentions.get(n, 1) for n in g.nodes], dtype=float)
        sizes = 120 + 1400 * (m / m.max() if m.max() > 0 else m)
        weights = np.array([d.get("weight", 1.0) for _, _, d in g.edges(data=True)], dtype=float)
        if len(weights):
            wpos = weights - weights.min() if weights.min() < 0 else weights
            wmax = wpos.max() if wpos.max() > 0 else 1.0
            widths = 0.5 + 4.5 * (wpos / wmax)
            nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=PALETTE[0], alpha=0.85,
                               edgecolors="white", linewidths=1.0)
        labels = {n: str(n) for n in g.nodes}
        lpos = {n: (x, y - 0.06) for n, (x, y) in pos.items()}
        lpos = _repel(lpos, labels)
        for n, (x, y) in lpos.items():
            ax.annotate(labels[n], xy=pos[n], xytext=(x, y), ha="center", va="top", fontsize=8,
                        arrowprops=dict(arrowstyle="-", color="#bbbbbb", lw=0.5)
                        if abs(y - (pos[n][1] - 0.06)) > 0.03 else None,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.25)
    return fig
