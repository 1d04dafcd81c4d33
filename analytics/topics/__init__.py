"""Topic clusters for news.

Public API
----------
:class:`TopicModel`
    scikit-learn style estimator: ``fit``, ``fit_transform``, ``transform``,
    ``labels_``, ``doc_topic_``, ``topics_``, ``n_topics_``, ``k_scores_``.
:func:`topic_tables`
    the pipeline stage: paragraphs (+ mentions) -> ``topics``,
    ``topic_assignments``, ``topic_prevalence``, ``topic_actors`` tables and the
    fitted ``model``.
"""

from .model import METHODS, TopicModel, TopicWarning
from .tables import topic_tables
from .vectorize import NewsVectorizer, news_stopwords

__all__ = ["TopicModel", "TopicWarning", "topic_tables", "NewsVectorizer", "news_stopwords",
           "METHODS"]
