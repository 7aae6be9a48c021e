"""Cited summaries: every sentence names the articles that say it.

* :func:`summarize_story` (story, articles, settings, facts) → SummarySentence list:
  extractive, salient, non-redundant, each sentence citing every supporting article;
* :func:`supports` (sentence, article) → bool: the support test citations are made and
  checked with;
* :func:`check_digest_file` (digest.json) → a report on every summary sentence;
* :mod:`marsad.summarize.llm`: an optional abstractive summary from an OpenAI-compatible
  endpoint, every generated sentence checked against the sentences it cites.
"""

from marsad.summarize.check import check_digest_file, support_score, supports
from marsad.summarize.cited import summarize_story

__all__ = ["check_digest_file", "summarize_story", "support_score", "supports"]
