"""Accounts and signing in: invitations, passwords, the login manager and the sign-in pages."""
