"""Where each published file goes in the content repository.

```
README.md                       the table of all rules
index.json                      every rule's metadata and files
layer.json                      ATT&CK Navigator layer (coverage scores)
rules/<slug>/README.md          the rule's page
rules/<slug>/rule.yml           the Sigma source, byte for byte
rules/<slug>/qradar.<fmt>.aql   its AQL: query, filter, union, combined
rules/<slug>/<target>.<ext>     the other targets' queries
queries/all.<fmt>.aql           all rules in one search (union, combined)
extension/sigmaqr-content.zip   QRadar content extension (one custom rule per Sigma rule)
site/index.html                 static site: rule list and coverage matrix
site/rules/<slug>.html          static site: rule pages
site/style.css
```
"""

from __future__ import annotations

RULES = "rules"
PAGE_FILE = "README.md"
SOURCE_FILE = "rule.yml"
INDEX = "index.json"
README = "README.md"
LAYER = "layer.json"
EXTENSION = "extension/sigmaqr-content.zip"
SITE = "site"
STYLE = "site/style.css"
SITE_INDEX = "site/index.html"
ALL_FORMATS = ("union", "combined")

TARGET_EXTENSIONS = {
    "splunk": "spl",
    "splunk_spl2": "spl2",
    "lucene": "lucene",
    "eql": "eql",
    "esql": "esql",
    "kusto": "kql",
    "elastalert": "yml",
}


def aql_file(fmt: str) -> str:
    """A rule's AQL file name for a format: ``qradar.filter.aql``."""
    return f"qradar.{fmt}.aql"


def target_file(target: str) -> str:
    """A rule's file name for another target: ``splunk.spl``."""
    return f"{target}.{TARGET_EXTENSIONS.get(target, 'txt')}"


def rule_dir(slug: str) -> str:
    """The rule's folder: ``rules/<slug>``."""
    return f"{RULES}/{slug}"


def site_page(slug: str) -> str:
    """The rule's HTML page: ``site/rules/<slug>.html``."""
    return f"{SITE}/rules/{slug}.html"


def all_rules_file(fmt: str) -> str:
    """The file holding all rules in one search: ``queries/all.union.aql``."""
    return f"queries/all.{fmt}.aql"
