"""Quality evaluation, threshold tuning and benchmarks."""
