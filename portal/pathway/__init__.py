"""The client pathway: phases, placements, Check Points, outcomes, follow-ups and referrals."""
