"""Demo data: the realistic small set and the synthetic large set for scale tests."""
