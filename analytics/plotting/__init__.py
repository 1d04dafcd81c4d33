"""Charts, one module per area, all in one style (:mod:`analytics.plotting.style`).

- :mod:`analytics.plotting.corpus`: documents, lengths, cleaning, timeline
- :mod:`analytics.plotting.actors`: mention counts, co-mention heatmap, actor network
- :mod:`analytics.plotting.topics`: top terms, topic prevalence, topic by actor
- :mod:`analytics.plotting.tone`: tone per leader with intervals, distributions
- :mod:`analytics.plotting.stance`: actor by issue stance matrix

Every chart function takes tidy DataFrames (and an optional ``ax``) and returns the
matplotlib Figure. The helpers they share (the figure or the given axes, the panel of
a chart without data, heat-map grids) are in :mod:`analytics.plotting.style`.
"""
