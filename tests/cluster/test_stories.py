import numpy as np

from marsad.cluster.model import FEATURES, StoryModel
from marsad.cluster.signals import ArticleSignal
from marsad.cluster.stories import DAY, StoryClusterer, story_id
from marsad.config import ClusterSettings

# A transparent model for these tests: evidence is the lexical similarity of whole text
# and lead, and the nearest member; time costs.
MODEL = StoryModel(
    tuple({"lex_body": 6.0, "lex_lead": 4.0, "max_lead": 2.0, "gap": -3.0}.get(f, 0.0) for f in FEATURES), -4.0, 0.5
)


def _unit(terms: dict[str, float]) -> dict[str, float]:
    norm = sum(w * w for w in terms.values()) ** 0.5
    return {t: w / norm for t, w in terms.items()}


def _signal(aid: str, day: float, words: str) -> ArticleSignal:
    terms = _unit(dict.fromkeys(words.split(), 1.0))
    return ArticleSignal(aid, day * DAY, terms, None, lead=terms)


FIRE = "حريق ميناء مستودع اطفاء دفاع مدني بضائع"
FIRE_2 = "حريق ميناء مستودع تحقيق خسائر بضائع"
TALKS = "مفاوضات تجاره رسوم جمركيه وفد اتفاق ميناء"


def test_same_happening_joins_and_a_different_one_does_not() -> None:
    c = StoryClusterer(ClusterSettings(), MODEL)
    a = c.add(_signal("a", 0.0, FIRE))
    b = c.add(_signal("b", 0.2, FIRE_2))
    t = c.add(_signal("t", 0.3, TALKS))  # shares one word (ميناء) with the fire
    assert a == b == story_id("a")
    assert t != a


def test_same_subject_far_apart_in_time_is_a_new_story() -> None:
    settings = ClusterSettings(story_max_gap_days=10.0)
    c = StoryClusterer(settings, MODEL)
    first = c.add(_signal("a", 0.0, FIRE))
    assert c.add(_signal("b", 30.0, FIRE)) != first


def test_a_bridge_article_does_not_chain_two_stories() -> None:
    c = StoryClusterer(ClusterSettings(), MODEL)
    fire = c.add(_signal("f1", 0.0, FIRE))
    c.add(_signal("f2", 0.1, FIRE))
    talks = c.add(_signal("t1", 0.1, TALKS))
    c.add(_signal("t2", 0.2, TALKS))
    # Half fire, half talks: it joins one story at most...
    bridge = c.add(_signal("bridge", 0.3, "حريق ميناء مستودع مفاوضات تجاره رسوم"))
    # ...and the next articles of each story still find their own story.
    assert c.add(_signal("f3", 0.4, FIRE_2)) == fire
    assert c.add(_signal("t3", 0.4, TALKS)) == talks
    assert bridge in (fire, talks, story_id("bridge"))


def test_copies_follow_their_canonical_article_without_moving_the_centroid() -> None:
    c = StoryClusterer(ClusterSettings(), MODEL)
    signals = [_signal("a", 0.0, FIRE), _signal("copy", 0.1, FIRE), _signal("b", 0.2, FIRE_2)]
    assignment = c.run(signals, {"copy": "a"})
    assert assignment["copy"] == assignment["a"] == assignment["b"]
    story = c.stories[assignment["a"]]
    assert story.members == ["a", "copy", "b"] and story.size == 2


def test_batch_and_one_by_one_give_the_same_stories() -> None:
    signals = [
        _signal("a", 0.0, FIRE),
        _signal("t", 0.1, TALKS),
        _signal("b", 0.2, FIRE_2),
        _signal("u", 0.3, TALKS),
        _signal("c", 20.0, FIRE),
    ]
    batch = StoryClusterer(ClusterSettings(), MODEL).run(signals)
    stream = StoryClusterer(ClusterSettings(), MODEL)
    one_by_one = {s.id: stream.add(s) for s in signals}
    assert batch == one_by_one
    assert len(set(batch.values())) == 3


def test_embeddings_are_compared_as_integers() -> None:
    c = StoryClusterer(ClusterSettings(), StoryModel(tuple(6.0 if f == "semantic" else 0.0 for f in FEATURES), -3.0))
    vec = np.array([100, -20, 5] + [0] * 509, dtype=np.int8)
    a = ArticleSignal("a", 0.0, {"x": 1.0}, vec)
    b = ArticleSignal("b", 1.0, {"x": 1.0}, vec.copy())
    assert c.add(a) == c.add(b)
