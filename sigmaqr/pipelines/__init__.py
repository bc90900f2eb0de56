"""Processing pipelines: field and log-source mapping for QRadar, as data."""
