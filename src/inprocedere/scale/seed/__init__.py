"""The scale-data generator behind `inprocedere bench seed` (see run.py)."""
