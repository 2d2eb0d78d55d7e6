"""plantrack's benchmark suite: run ``python -m benchmarks`` (see docs/performance.md)."""
