"""Distance travelled: a self-assessment of everyday and working-life readiness, its rounds
and the change it shows."""
