"""The coach's worklist: what needs doing now."""
