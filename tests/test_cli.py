"""Command-line errors a user meets first: they say what is wrong and how to fix it."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from cyberkg.build.pipeline import build
from cyberkg.cli import main


def test_a_missing_query_file_is_named_not_parsed_as_a_query(mini_project):
    build(mini_project)
    answer = CliRunner().invoke(main, ["--store", mini_project.store, "query", "nothere.rq"])
    assert answer.exit_code == 2
    assert "no query file 'nothere.rq'" in answer.output


def test_serve_on_a_busy_port_fails_instead_of_sharing_it(mini_project):
    build(mini_project)
    with socket.socket() as other:
        # Another server, bound the way Granian binds (SO_REUSEPORT).
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        answer = CliRunner().invoke(main, ["--store", mini_project.store, "serve", "--port", str(port)])
    assert answer.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in answer.output and "--port" in answer.output
