"""Tripartite reviews: coach, young person and workplace supervisor review a placement
every few weeks, agree actions and each confirm the record."""
