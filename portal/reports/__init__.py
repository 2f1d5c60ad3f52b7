"""Dashboards and funder reports: figures aggregated in SQL, small cells suppressed."""
