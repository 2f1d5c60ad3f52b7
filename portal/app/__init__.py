"""Application plumbing: configuration, extensions, errors, security headers, templating, language,
mail, sessions, CLI, migrations.
"""
