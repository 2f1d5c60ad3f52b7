"""Production that can be watched: request ids, JSON logs, metrics, probes, pool settings."""

from __future__ import annotations

import json
import logging
import os
import runpy
import sqlite3
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic.migration import MigrationContext
from sqlalchemy import text

from portal.access.permissions import public
from portal.app.extensions import db
from portal.ops import apply_pool_settings
from portal.ops.metrics import record_job_failure, register_queue_depth
from portal.ops.pool import _sqlite_pragmas
from portal.ops.requestid import HEADER
from tests.conftest import count_queries

ROOT = Path(__file__).resolve().parent.parent


# --- request id -------------------------------------------------------------------------


def test_a_request_id_is_made_when_none_is_given_and_differs_per_request(browser):
    first = browser.get("/livez").headers[HEADER]
    second = browser.get("/livez").headers[HEADER]
    assert len(first) == 32 and first != second
    assert int(first, 16) >= 0


@pytest.mark.parametrize(
    "given", ["abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "lb:1.2_3", "x" * 64]
)
def test_a_well_formed_request_id_is_passed_on(browser, given):
    assert browser.get("/livez", headers={HEADER: given}).headers[HEADER] == given


@pytest.mark.parametrize(
    "given",
    [
        "",
        "x" * 65,
        "a b",
        "id\tX-Evil: 1",
        "id;x=1",
        '{"json":1}',
        "<script>",
        "-leading",
        "ä",
        "a/b",
    ],
)
def test_a_malformed_request_id_is_replaced_not_echoed(browser, given):
    answered = browser.get("/livez", headers={HEADER: given}).headers[HEADER]
    assert answered != given and len(answered) == 32


def test_an_error_page_carries_the_request_id_too(browser):
    response = browser.get("/no-such-page", headers={HEADER: "trace-404"})
    assert response.status_code == 404
    assert response.headers[HEADER] == "trace-404"


# --- JSON logs ----------------------------------------------------------------------------


@pytest.fixture
def json_logging_app(make_app):
    app = make_app(LOG_FORMAT="json", LOG_LEVEL="info")  # as people write it in the env

    @app.route("/ops-test/log")
    @public
    def write_a_line():
        logging.getLogger("portal.test").warning('a "quoted"\nline')
        return "ok"

    yield app
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "polku_json", False)]:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)


def test_log_lines_are_json_with_the_request_id(json_logging_app, capsys):
    client = json_logging_app.test_client()
    assert client.get("/ops-test/log", headers={HEADER: "req-42"}).status_code == 200
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    line = next(entry for entry in lines if entry["logger"] == "portal.test")
    assert line["message"] == 'a "quoted"\nline'
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-42"
    assert "time" in line


def test_lines_outside_a_request_have_no_request_id(json_logging_app, capsys):
    logging.getLogger("portal.test").warning("no request")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "no request" and line["request_id"] is None


def test_text_logs_stay_the_default_outside_production(app):
    assert app.config["LOG_FORMAT"] == "text"
    assert not any(getattr(h, "polku_json", False) for h in logging.getLogger().handlers)


# --- metrics ------------------------------------------------------------------------------


def test_metrics_from_this_host_show_latency_by_endpoint(browser):
    browser.get("/livez")
    response = browser.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert (
        'polku_request_duration_seconds_count{endpoint="ops.livez",method="GET",status="200"}'
        in (body)
    )


def test_an_unknown_address_is_counted_under_one_label_not_its_path(browser):
    browser.get("/clients/secret-name-in-path")
    body = browser.get("/metrics").get_data(as_text=True)
    assert "secret-name-in-path" not in body
    assert 'endpoint="none"' in body


@pytest.mark.parametrize(
    "headers, remote",
    [
        ({"X-Forwarded-For": "127.0.0.1"}, "127.0.0.1"),  # came through a proxy
        ({"Forwarded": "for=127.0.0.1"}, "127.0.0.1"),
        ({"X-Real-IP": "127.0.0.1"}, "127.0.0.1"),
        ({}, "10.0.0.5"),
        ({}, "192.0.2.1"),
        ({"Authorization": "Bearer "}, "10.0.0.5"),
    ],
)
def test_metrics_are_not_public(browser, headers, remote):
    response = browser.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": remote})
    assert response.status_code == 404
    assert b"polku_request" not in response.data


def test_ipv6_loopback_may_scrape(browser):
    assert browser.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_with_a_token_only_the_token_opens_metrics(app, browser):
    app.config.update(METRICS_TOKEN="s3cret-scrape-token", METRICS_ALLOW_LOOPBACK=False)
    assert browser.get("/metrics").status_code == 404  # loopback is not enough now
    wrong = {"Authorization": "Bearer s3cret-scrape-toke"}
    assert browser.get("/metrics", headers=wrong).status_code == 404
    right = {"Authorization": "Bearer s3cret-scrape-token"}
    remote = {"REMOTE_ADDR": "10.0.0.5"}
    assert browser.get("/metrics", headers=right, environ_base=remote).status_code == 200


def test_a_trusted_proxy_cannot_be_used_to_pass_as_loopback(make_app):
    app = make_app(PROXY_FIX_X_FOR=1)
    client = app.test_client()
    spoofed = client.get(
        "/metrics",
        headers={"X-Forwarded-For": "127.0.0.1"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert spoofed.status_code == 404


def test_queue_depth_and_job_failures_are_exposed(browser):
    register_queue_depth("ops-test", lambda: 7)
    register_queue_depth("ops-test-broken", lambda: 1 // 0)  # never breaks the scrape
    record_job_failure("ops-test-job")
    body = browser.get("/metrics").get_data(as_text=True)
    assert 'polku_queue_depth{queue="ops-test"} 7.0' in body
    assert "ops-test-broken" not in body
    assert 'polku_job_failures_total{job="ops-test-job"}' in body


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_rq_queue_length_and_failed_jobs_are_read_from_redis(make_app):
    import redis

    queue = "ops-test-queue"
    app = make_app(METRICS_RQ_QUEUES=(queue,))
    store = redis.from_url(os.environ["REDIS_URL"])
    try:
        store.rpush(f"rq:queue:{queue}", "a", "b", "c")
        store.zadd(f"rq:failed:{queue}", {"job-1": 1})
        body = app.test_client().get("/metrics").get_data(as_text=True)
    finally:
        store.delete(f"rq:queue:{queue}", f"rq:failed:{queue}")
    assert f'polku_queue_depth{{queue="{queue}"}} 3.0' in body
    assert f'polku_queue_failed_jobs{{queue="{queue}"}} 1.0' in body


def test_an_unreachable_redis_leaves_queues_out_but_metrics_answer(make_app):
    app = make_app(METRICS_RQ_QUEUES=("default",))
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"  # after start: sessions stay in the db
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert "polku_request_duration_seconds" in response.get_data(as_text=True)


# --- liveness and readiness -----------------------------------------------------------------


def test_liveness_runs_no_sql(app, browser):
    with count_queries(app) as statements:
        response = browser.get("/livez")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert statements == []


def test_probes_leave_no_session_behind(app, browser):
    browser.get("/readyz")
    browser.get("/livez")
    assert "Set-Cookie" not in browser.get("/livez").headers
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM server_sessions")).scalar() == 0


def test_ready_when_every_branch_is_at_its_head(empty_db_app):
    app = empty_db_app()
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "redis": "ok" if os.environ.get("REDIS_URL") else "skipped",
    }


def test_not_ready_while_a_branch_is_behind(empty_db_app):
    app = empty_db_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as conn:
            heads = MigrationContext.configure(conn).get_current_heads()
        plugin_head = next(head for head in heads if not head[:4].isdigit())
    result = runner.invoke(args=["db", "downgrade", f"{plugin_head}@-1"])
    assert result.exit_code == 0, result.output
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_not_ready_on_a_database_never_migrated(empty_db_app):
    response = empty_db_app().test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_not_ready_without_a_database(empty_db_app, tmp_path):
    app = empty_db_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.sqlite3")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "unavailable" and body["status"] == "unavailable"
    assert "missing" not in response.get_data(as_text=True)  # no error text to the prober
    assert app.test_client().get("/livez").status_code == 200  # alive all the same


def test_not_ready_when_the_configured_redis_is_down(app, browser):
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"
    response = browser.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unavailable"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_redis_that_answers_is_ready(app, browser):
    app.config["REDIS_URL"] = os.environ["REDIS_URL"]
    assert browser.get("/readyz").get_json()["redis"] == "ok"


# --- pool settings and gunicorn -------------------------------------------------------------


def test_postgresql_gets_the_pool_settings():
    config = {
        "SQLALCHEMY_DATABASE_URI": "postgresql://u@db/polku",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 60},
        "DB_POOL_SIZE": 8,
        "DB_MAX_OVERFLOW": 2,
        "DB_POOL_RECYCLE": 900,
        "DB_POOL_TIMEOUT": 5,
    }
    apply_pool_settings(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True,
        "pool_size": 8,
        "max_overflow": 2,
        "pool_recycle": 60,  # set explicitly: kept
        "pool_timeout": 5,
    }


def test_sqlite_keeps_its_own_pool():
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "DB_POOL_SIZE": 8}
    apply_pool_settings(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"), reason="PostgreSQL only"
)
def test_the_running_engine_uses_the_pool_size(app):
    with app.app_context():
        assert db.engine.pool.size() == app.config["DB_POOL_SIZE"]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"), reason="PostgreSQL only"
)
def test_postgresql_connections_compile_no_statement_unless_asked(app, make_app):
    """A page's statement over many rows is costed above the JIT threshold: compiling it took
    most of its time. Off on every connection, after a rollback too; ``DB_JIT`` turns it on."""
    with app.app_context():
        db.session.rollback()
        assert db.session.execute(text("SHOW jit")).scalar_one() == "off"
        db.session.rollback()
        db.engine.dispose()
        assert db.session.execute(text("SHOW jit")).scalar_one() == "off"
    jit_app = make_app(DB_JIT=True)
    with jit_app.app_context():
        assert db.session.execute(text("SHOW jit")).scalar_one() == "on"


def test_the_gunicorn_configuration_loads(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    monkeypatch.setenv("LOG_FORMAT", "json")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] == 3
    assert settings["worker_class"] == "sync"
    assert settings["timeout"] >= settings["graceful_timeout"] > 0
    assert settings["logger_class"] == "portal.ops.gunicorn_log.JsonLogger"
    settings["on_starting"](None)
    assert (tmp_path / "metrics").is_dir()


def test_the_gunicorn_access_line_is_json_whatever_the_user_agent(capsys):
    from gunicorn.config import Config

    from portal.ops.gunicorn_log import JsonLogger

    cfg = Config()
    cfg.set("accesslog", "-")
    logger = JsonLogger(cfg)
    agent = 'evil"agent\n{"status": 200}'
    req = SimpleNamespace(
        headers=[("USER-AGENT", agent)],
        method="GET",
        path="/clients/",
        query="q=Virtanen",
        uri="/clients/?q=Virtanen",
        version=(1, 1),
    )
    resp = SimpleNamespace(
        headers=[("X-Request-ID", "req-7")], status="200 OK", status_code=200, sent=512
    )
    environ = {
        "REMOTE_ADDR": "192.0.2.4",
        "REQUEST_METHOD": "GET",
        "RAW_URI": req.uri,
        "PATH_INFO": req.path,
        "QUERY_STRING": req.query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": agent,
    }
    logger.access(resp, req, environ, timedelta(milliseconds=12.5))
    line = json.loads(capsys.readouterr().out.strip())
    assert line["request_id"] == "req-7"
    assert line["user_agent"] == agent
    assert line["path"] == "/clients/" and "Virtanen" not in json.dumps(line)
    assert line["status"] == 200 and line["duration_ms"] == 12.5


def test_an_sqlite_file_is_kept_in_write_ahead_log_mode(make_app, tmp_path):
    """A commit appends to the log instead of syncing the file; readers go on during a write."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert db.session.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL


def test_a_busy_sqlite_file_keeps_its_journal_for_now(tmp_path, caplog):
    """Another process reading the file as a connection would switch it: no error, a warning."""
    path = tmp_path / "busy.sqlite3"
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("CREATE TABLE held (x)")
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM held").fetchall()  # holds a shared lock until it ends
    connection = sqlite3.connect(path, timeout=0.05)
    try:
        _sqlite_pragmas(connection, None)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA synchronous").fetchone() == (1,)
        assert "stays in its journal mode" in caplog.text
    finally:
        reader.execute("COMMIT")
        reader.close()
        connection.close()
