"""Publishing: a content repository of the rules (pages, queries, index, layer, site, extension).

Typical use::

    from sigmaqr.publish import publish

    result = publish(["sigma_rules/"], "/tmp/content", targets=["qradar", "splunk"])
    for problem in result.problems:
        print(problem)
"""

from sigmaqr.publish.publisher import DEFAULT_TARGETS, PublishResult, publish

__all__ = ["DEFAULT_TARGETS", "PublishResult", "publish"]
