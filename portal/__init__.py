"""Polku: an employer collaboration portal for youth workplace-coaching projects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from portal.app.config import INSTANCE, Config, check_production, config_for_environment
from portal.app.resources import resource_path

__all__ = ["create_app"]


def _load_config(app: Flask, config: type[Config] | dict[str, Any] | None) -> None:
    if isinstance(config, dict):
        base = config.get("CONFIG_CLASS") or config_for_environment()
        app.config.from_object(base)
        app.config.update(config)
    else:
        app.config.from_object(config or config_for_environment())
    if app.config["ENV_NAME"] == "production":
        check_production(app.config)


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the portal: config, extensions, plugins, blueprints, templates, CLI."""
    app = Flask(
        __name__,
        template_folder=str(resource_path("templates")),
        static_folder=str(resource_path("static")),
        instance_path=str(INSTANCE),
    )
    _load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from portal import models  # noqa: F401 - registers the tables
    from portal.app.blueprints import register_blueprints
    from portal.app.catalogs import install_core_domain
    from portal.app.errors import init_errors
    from portal.app.extensions import babel, csrf, db, limiter, migrate
    from portal.app.i18n import select_locale
    from portal.app.migrations import init_migrations
    from portal.app.pagination import BoundedIntConverter
    from portal.app.security import init_web
    from portal.app.sessions import init_sessions
    from portal.app.templating import init_templating
    from portal.auth.login import init_auth
    from portal.hooks.conventions import enforce_conventions
    from portal.hooks.manager import load_plugins, register_plugin_blueprints
    from portal.hooks.templates import init_plugin_templates
    from portal.hooks.translations import init_plugin_translations
    from portal.ops import apply_pool_settings, init_ops, tune_connections

    app.url_map.converters["int"] = BoundedIntConverter
    apply_pool_settings(app.config)
    db.init_app(app)
    with app.app_context():
        tune_connections(db.engine, jit=app.config.get("DB_JIT", False))
    init_migrations(app, migrate)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(resource_path("translations")),
    )
    install_core_domain(app, babel)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    init_sessions(app)
    from portal.app.mail import init_mail
    from portal.jobs.queue import init_jobs

    init_mail(app)
    init_jobs(app)
    from portal.reports.cache import init_cache

    init_cache(app)
    init_auth(app)
    init_web(app)
    init_ops(app)
    init_errors(app)
    from portal.access.audit import init_read_audit

    init_read_audit(app)

    load_plugins(app)
    enforce_conventions(app)
    register_blueprints(app)
    from portal.rest.auth import init_api

    init_api(app)
    from portal.integrations.webhooks import init_webhooks

    init_webhooks(app)
    register_plugin_blueprints(app)
    init_plugin_templates(app)
    init_plugin_translations(app)
    init_templating(app)

    from portal.app.cli import init_cli

    init_cli(app)
    return app
