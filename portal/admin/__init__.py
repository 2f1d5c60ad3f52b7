"""The project manager's pages: users, partner companies, network partners, outbox,
audit and plugins."""
