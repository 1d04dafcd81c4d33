"""The shared chart helpers: figure or given axes, one look for charts without data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analytics import schema
from analytics.plotting import actors, corpus, stance, style, tone, topics


def test_figure_for_uses_the_given_axes_or_a_new_figure():
    fig, ax = plt.subplots()
    assert style.figure_for(ax, 3, 2) == (fig, ax)
    new_fig, new_ax = style.figure_for(None, 3, 2)
    assert new_fig is not fig and tuple(new_fig.get_size_inches()) == (3, 2)
    plt.close(fig)
    plt.close(new_fig)


def test_every_chart_without_data_says_so_the_same_way():
    figs = {
        "no actor mentions": actors.mention_counts(schema.empty("mentions")),
        "no co-mentions": actors.actor_network(None),
        "No documents": corpus.outlets(schema.empty("documents")),
        "Cleaning removed nothing": corpus.removed_by_rule(schema.empty("removed")),
        "no leader mentions": tone.tone_by_leader(schema.empty("leaders")),
        "no tone scores": tone.tone_distribution(schema.empty("tone")),
        "no stance evidence": stance.stance_matrix(schema.empty("stance")),
        "no topic prevalence": topics.topic_prevalence(schema.empty("topic_prevalence")),
        "no actor mentions in topics": topics.topic_actor_heatmap(pd.DataFrame()),
    }
    for message, fig in figs.items():
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.texts] == [message]
        assert not ax.axison, message
        assert ax.texts[0].get_color() == "#666666", message
        plt.close(fig)


def test_cell_grid_places_each_row_and_ignores_the_others():
    table = pd.DataFrame({"actor": ["A", "B", "A", "Z"], "issue": ["x", "y", "y", "x"],
                          "score": [0.5, -0.25, 1.0, 9.0], "n": [3, 1, 2, 7]})
    values, counts = style.cell_grid(table, ["A", "B"], ["x", "y"], row="actor", col="issue",
                                     value="score", count="n")
    assert values.tolist()[0] == [0.5, 1.0]
    assert pd.isna(values[1, 0]) and values[1, 1] == -0.25
    assert counts.tolist() == [[3, 2], [0, 1]]
