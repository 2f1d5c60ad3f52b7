"""Attitude Training groups: phase dates, coaches, members, sessions and attendance."""
