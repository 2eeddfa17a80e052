"""The register at a Land's size: the scale-data generator (`inprocedere bench seed`).

The benchmark harness that times the pages against it lives in `bench/` (see
docs/performance.md).
"""
