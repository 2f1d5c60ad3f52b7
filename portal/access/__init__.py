"""Who may see what: permissions, scoping of client data, sensitive data, consents and the audit
trail.
"""
