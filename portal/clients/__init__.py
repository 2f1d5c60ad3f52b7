"""Clients: the list, intake basics, sensitive data, portal access and the client page."""
