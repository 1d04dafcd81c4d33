"""Charts about actors: mention counts, co-mention heatmap, co-mention network."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from analytics.plotting.style import PALETTE, SEQUENTIAL, figure_for, no_data, style

__all__ = ["mention_counts", "comention_heatmap", "actor_network", "network_layout",
           "cluster_order"]


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
        n_actors = len(set(m["actor"])) if len(m) else 1
        fig, ax = figure_for(ax, 7.0, max(2.5, 0.32 * min(top, max(n_actors, 1)) + 1.2))
        if len(m) == 0:
            return no_data(ax, "no actor mentions", "Actor mentions")
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
        side = min(12.0, max(4.0, 0.45 * n + 2.5))
        fig, ax = figure_for(ax, side + 1.0, side)
        if n == 0:
            return no_data(ax, "no co-mentions", title or "Actor co-mentions")
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


def _repel_labels(fig, ax, anns: dict, iterations: int = 150) -> None:
    """Push annotation labels apart (vertically, then sideways) until none overlap.

    Works on the rendered text boxes, so it accounts for the real label sizes.
    """
    if len(anns) < 2:
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    items = list(anns.values())
    for it in range(iterations):
        boxes = [a.get_window_extent(renderer) for a in items]
        moved = False
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                bi, bj = boxes[i], boxes[j]
                if not bi.overlaps(bj):
                    continue
                moved = True
                # overlap in display units
                oy = min(bi.y1, bj.y1) - max(bi.y0, bj.y0)
                ox = min(bi.x1, bj.x1) - max(bi.x0, bj.x0)
                up = bj.y0 + bj.y1 >= bi.y0 + bi.y1
                if (it // 40) % 2 == 1 and ox < 3 * oy:
                    right = bj.x0 + bj.x1 >= bi.x0 + bi.x1
                    dx = (ox / 2 + 1.0) * (1 if right else -1)
                    di, dj = (-dx, 0.0), (dx, 0.0)
                else:
                    dy = (oy / 2 + 1.0) * (1 if up else -1)
                    di, dj = (0.0, -dy), (0.0, dy)
                for k, d in ((i, di), (j, dj)):
                    x, y = items[k].xyann
                    px, py = ax.transData.transform((x, y))
                    nx_, ny_ = inv.transform((px + d[0], py + d[1]))
                    items[k].xyann = (float(nx_), float(ny_))
                    boxes[k] = items[k].get_window_extent(renderer)
        if not moved:
            break


def _subgraph(graph, nodes: list):
    """The graph induced by ``nodes``, with nodes and edges in ``graph``'s order.

    (``graph.subgraph`` iterates a set when it keeps under half of the nodes, so the
    order, and with it the layout, would change from one process to the next.)
    """
    import networkx as nx

    keep = set(nodes)
    g = nx.Graph(**graph.graph)
    g.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in keep)
    g.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if u in keep and v in keep)
    return g


def actor_network(graph, ax=None, *, title: str | None = None, seed: int = 7, max_nodes: int = 40):
    """Draw a co-mention network.

    Node size is proportional to the node attribute ``mentions``, edge width to the
    edge ``weight``; each connected component is laid out on its own (Kamada-Kawai
    seeded by a fixed-seed spring layout) and the components side by side, so that
    disconnected parts do not overlap; the layout is deterministic and labels are
    pushed apart so they do not overlap.

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
        fig, ax = figure_for(ax, 8.0, 6.5)
        ax.set_title(title or "Actor co-mention network")
        ax.set_axis_off()
        if graph is None or graph.number_of_nodes() == 0:
            return no_data(ax, "no co-mentions")
        mentions = nx.get_node_attributes(graph, "mentions")
        nodes = sorted(graph.nodes, key=lambda n: (-mentions.get(n, 0), str(n)))[:max_nodes]
        g = _subgraph(graph, nodes)
        if g.number_of_edges():
            # isolated actors carry no co-mention information and squash the layout
            g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
        pos = _layout(g, seed)
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
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.25)
        anns = _labels(fig, ax, pos)
        comps = [sorted(c, key=str) for c in nx.connected_components(g)]
        fig._analytics_network = {"positions": pos, "labels": anns, "components": comps}
    return fig


def network_layout(fig) -> dict:
    """Where :func:`actor_network` put each node and its label.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by :func:`actor_network`.

    Returns
    -------
    dict
        ``positions``: node -> (x, y) in data coordinates; ``labels``: node -> label
        box ``(x0, y0, x1, y1)`` in display pixels, as drawn; ``components``: the
        bounding box ``(x0, y0, x1, y1)`` (data coordinates) of each connected
        component's nodes.

    Raises
    ------
    ValueError
        When ``fig`` was not drawn by :func:`actor_network` or has no nodes.
    """
    info = getattr(fig, "_analytics_network", None)
    if info is None:
        raise ValueError("not a network drawn by actor_network (or one without nodes)")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = {}
    for n, ann in info["labels"].items():
        b = ann.get_window_extent(renderer)
        labels[n] = (float(b.x0), float(b.y0), float(b.x1), float(b.y1))
    pos = info["positions"]
    comps = []
    for comp in info["components"]:
        xy = np.array([pos[n] for n in comp], dtype=float)
        comps.append((float(xy[:, 0].min()), float(xy[:, 1].min()),
                      float(xy[:, 0].max()), float(xy[:, 1].max())))
    return {"positions": dict(pos), "labels": labels, "components": comps}


def _component_layout(g, seed: int) -> dict:
    """Positions of one connected graph, centred, its largest extent 1 (Kamada-Kawai
    from a seeded spring layout; a line for two nodes, the centre for one)."""
    import networkx as nx

    nodes = list(g.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-0.5, 0.0), nodes[1]: (0.5, 0.0)}
    pos = nx.spring_layout(g, seed=seed, weight=None, k=2.0 / np.sqrt(len(nodes)),
                           iterations=300)
    try:
        pos = nx.kamada_kawai_layout(g, pos=pos, weight=None)
    except Exception:  # pragma: no cover - degenerate graphs
        pass
    arr = np.array([pos[n] for n in nodes], dtype=float)
    arr -= (arr.max(axis=0) + arr.min(axis=0)) / 2
    extent = float(np.abs(arr).max()) or 1.0
    arr = arr / (2 * extent)
    return {n: (float(arr[i, 0]), float(arr[i, 1])) for i, n in enumerate(nodes)}


def _layout(g, seed: int) -> dict:
    """Node positions in [-1, 1]: each connected component laid out on its own and the
    components placed side by side in rows (largest first), so that disconnected parts
    never pile up on each other."""
    import networkx as nx

    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_edges() == 0:
        return {n: tuple(map(float, p)) for n, p in nx.circular_layout(g).items()}
    order = {n: i for i, n in enumerate(g.nodes)}
    comps = sorted((sorted(c, key=order.get) for c in nx.connected_components(g)),
                   key=lambda c: (-len(c), order[c[0]]))
    n_max = len(comps[0])
    # each component gets a square cell whose side grows with its number of nodes
    sides = [max(0.45, np.sqrt(len(c) / n_max)) for c in comps]
    width = max(sides[0], float(np.sqrt(sum(s * s for s in sides)) * 1.3))
    gap = 0.35
    boxes, x, y, row_h = [], 0.0, 0.0, 0.0
    for side in sides:
        if x > 0 and x + side > width:
            x, y, row_h = 0.0, y - row_h - gap, 0.0
        boxes.append((x + side / 2, y - side / 2, side))
        x += side + gap
        row_h = max(row_h, side)
    pos: dict = {}
    for comp, (cx, cy, side) in zip(comps, boxes):
        local = _component_layout(_subgraph(g, comp), seed)
        for n, (px, py) in local.items():
            pos[n] = (cx + px * side * 0.8, cy + py * side * 0.8)
    arr = np.array([pos[n] for n in g.nodes], dtype=float)
    lo, hi = arr.min(axis=0), arr.max(axis=0)
    span = float(max((hi - lo).max(), 1e-9))
    arr = (arr - (lo + hi) / 2) / (span / 2)  # the same scale on both axes
    return {n: (float(arr[i, 0]), float(arr[i, 1])) for i, n in enumerate(g.nodes)}


def _labels(fig, ax, pos: dict) -> dict:
    """Name each node below it, push the names apart, and link a moved name to its
    node with a thin line; return node -> label annotation."""
    anns = {}
    for n, (x, y) in pos.items():
        anns[n] = ax.annotate(
            str(n), xy=(x, y), xytext=(x, y - 0.07), textcoords="data", ha="center", va="top",
            fontsize=8, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
    _repel_labels(fig, ax, anns)
    for n, ann in anns.items():
        x0, y0 = pos[n]
        x1, y1 = ann.xyann
        if abs(y1 - (y0 - 0.07)) > 0.04 or abs(x1 - x0) > 0.04:
            ann.arrow_patch = None
            ax.annotate("", xy=(x0, y0), xytext=(x1, y1), textcoords="data",
                        arrowprops=dict(arrowstyle="-", color="#bbbbbb", lw=0.5))
    return anns
