"""`make run` serves Streamlit's page with the preload of Plotly's chunk (with the slim plotly.js in it), directly and
behind the nginx example, which compresses the scripts (Streamlit serves them uncompressed)."""

from __future__ import annotations

import base64
import gzip
import re
import ssl
import urllib.request
from pathlib import Path

import pytest

from dashboard import plotly_bundle
from tests.e2e.conftest import running_server
from tests.e2e.test_deploy_nginx import PASSWORD, USER, _get, _proxy

PRELOAD = re.compile(r'<link rel="modulepreload" crossorigin href="\./(static/js/PlotlyChart\.[\w-]+\.js)">')


def _fetch(url: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(response.headers), response.read()


def test_the_served_page_preloads_plotlys_chunk(tmp_path: Path) -> None:
    with running_server(tmp_path) as base_url:
        _, page = _fetch(base_url + "/")
        found = PRELOAD.search(page.decode())
        assert found, "the page carries the preload of Plotly's chunk"
        assert f'import("./{found.group(1)}")' in page.decode()
        headers, script = _fetch(f"{base_url}/{found.group(1)}")
        assert "javascript" in headers["content-type"] and len(script) > 1_000_000
        # with the slim plotly.js in it (dashboard/plotly_bundle.py), its own length and validator
        assert plotly_bundle.BANNER.search(script) and len(script) < 2_000_000
        assert headers["content-length"] == str(len(script)) and headers["etag"] == plotly_bundle.etag(script)
        _, other_page = _fetch(base_url + "/openings")  # a page's own URL serves the same index.html
        assert PRELOAD.search(other_page.decode())


@pytest.mark.nginx
def test_behind_the_proxy_the_scripts_come_compressed(tmp_path: Path) -> None:
    with running_server(tmp_path) as base_url, _proxy(tmp_path, base_url.removeprefix("http://")) as port:
        root = f"https://127.0.0.1:{port}"
        status, _, page = _get(root + "/", auth=True)
        found = PRELOAD.search(page.decode())
        assert status == 200 and found
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        request = urllib.request.Request(f"{root}/{found.group(1)}")
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
        request.add_header("Accept-Encoding", "gzip")
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            compressed = response.read()
        _, plain = _fetch(f"{base_url}/{found.group(1)}")
        assert gzip.decompress(compressed) == plain and len(compressed) < len(plain) / 2
