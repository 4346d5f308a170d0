"""Benchmark tooling: synthetic listing generation and timing runs."""
