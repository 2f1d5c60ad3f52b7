"""Projects of the organisation: their settings, coaches and partner companies, and the
enrolments of young people in them (ADR 0029)."""
