"""Tiny local stand-ins for an SMS gateway (HTTP) and a mail server (SMTP), for tests."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def http_recorder(status: int = 200, body: bytes = b"{}",
                  content_type: str = "application/json") -> Iterator[dict[str, Any]]:
    """A local HTTP server recording every request; yields {"url", "requests", "status"}."""
    state: dict[str, Any] = {"requests": [], "status": status, "body": body}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            state["requests"].append((self.command, self.path, self.rfile.read(length)))
            self.send_response(state["status"])
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(state["body"])

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_server(refuse_rcpt: str | None = None) -> Iterator[dict[str, Any]]:
    """A minimal SMTP server (EHLO, MAIL, RCPT, DATA, QUIT); yields {"port", "messages"}."""
    state: dict[str, Any] = {"messages": []}

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.wfile.write(b"220 fake ESMTP\r\n")
            envelope: dict[str, Any] = {"rcpt": []}
            while line := self.rfile.readline():
                command = line.decode().strip()
                verb = command.split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250 fake\r\n")
                elif verb == "MAIL":
                    envelope["from"] = command
                    self.wfile.write(b"250 ok\r\n")
                elif verb == "RCPT":
                    if refuse_rcpt:
                        self.wfile.write(refuse_rcpt.encode() + b"\r\n")
                        continue
                    envelope["rcpt"].append(command)
                    self.wfile.write(b"250 ok\r\n")
                elif verb == "DATA":
                    self.wfile.write(b"354 go\r\n")
                    data = []
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data.append(chunk)
                    envelope["data"] = b"".join(data).decode()
                    state["messages"].append(envelope)
                    envelope = {"rcpt": []}
                    self.wfile.write(b"250 queued\r\n")
                elif verb == "QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"250 ok\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["port"] = server.server_address[1]
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
