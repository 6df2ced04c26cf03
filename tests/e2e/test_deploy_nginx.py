"""The reverse-proxy example in docs/deploy.md works: TLS, security headers, password, WebSocket, upload cap.

Runs the real nginx (Debian package) in front of a real `streamlit run` on loopback. Under CI=true a missing
nginx fails the test (`.ci/run` installs it); elsewhere it skips.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.render_nginx import render
from tests.e2e.conftest import IN_CI, _free_port, running_server

pytestmark = pytest.mark.nginx
USER, PASSWORD = "office", "correct horse battery staple"


def _nginx() -> str:
    """Path of the nginx binary, or skip (fail under CI)."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if not found:
        if IN_CI:
            pytest.fail("nginx is missing (apt-get install -y nginx)")
        pytest.skip("nginx is missing (apt-get install -y nginx)")
    return found


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextlib.contextmanager
def _proxy(tmp: Path, upstream: str) -> Iterator[int]:
    """Run nginx with the rendered example config; yield its HTTPS port."""
    binary = _nginx()
    cert, key = _self_signed(tmp)
    hashed = subprocess.run(
        ["openssl", "passwd", "-apr1", PASSWORD], check=True, capture_output=True, text=True
    ).stdout.strip()
    (tmp / "htpasswd").write_text(f"{USER}:{hashed}\n")
    port = _free_port()
    runtime = tmp / "run"
    runtime.mkdir()
    conf = tmp / "nginx.conf"
    conf.write_text(
        render(
            {
                "LISTEN_PORT": f"127.0.0.1:{port}",
                "UPSTREAM": upstream,
                "CERT": str(cert),
                "KEY": str(key),
                "HTPASSWD": str(tmp / "htpasswd"),
                "RUNTIME_DIR": str(runtime),
                "MAX_UPLOAD": "1m",
            }
        )
    )
    checked = subprocess.run(
        [binary, "-t", "-c", str(conf), "-e", str(runtime / "error.log")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    # As root, nginx's workers drop to an unprivileged user who cannot read pytest's private tmp folder.
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-e", str(runtime / "error.log"), "-g", globals_],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def _get(url: str, *, auth: bool, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """An HTTPS request that trusts our throwaway certificate; returns status, headers and body."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    try:
        with urllib.request.urlopen(request, context=context, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _websocket_status(port: int) -> str:
    """The status line of a WebSocket upgrade to Streamlit's stream, through the proxy."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
        f"Origin: https://127.0.0.1:{port}\r\nAuthorization: Basic {token}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw, context.wrap_socket(raw) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode(errors="replace").splitlines()[0]


def test_reverse_proxy_example_works(tmp_path: Path) -> None:
    with running_server(tmp_path) as base_url, _proxy(tmp_path, base_url.removeprefix("http://")) as port:
        root = f"https://127.0.0.1:{port}"
        status, _, _ = _get(root + "/", auth=False)
        assert status == 401, "the app must be behind the password"
        status, headers, body = _get(root + "/", auth=True)
        assert status == 200 and b"<html" in body.lower()
        assert headers.get("X-Frame-Options") == "DENY"
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
        assert headers.get("X-Content-Type-Options") == "nosniff"
        assert "Strict-Transport-Security" in headers
        status, _, body = _get(root + "/_stcore/health", auth=False)
        assert (status, body) == (200, b"ok")
        assert " 101 " in _websocket_status(port)
        status, _, _ = _get(root + "/_stcore/upload_file/x/y", auth=True, data=b"x" * (2 * 1024 * 1024))
        assert status == 413, "uploads over the proxy's cap are refused before they reach the app"
        status, _, _ = _get(root + "/_stcore/upload_file/x/y", auth=True, data=b"x" * 1024)
        assert status != 413, "a small body passes the cap (so the 413 above came from the size)"
