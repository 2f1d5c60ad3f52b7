"""ESF+ participant data at entry and the common indicators computed from it (ADR 0024)."""
