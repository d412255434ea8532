"""The county at scale and its benchmark (``make bench``; docs/performance.md)."""
