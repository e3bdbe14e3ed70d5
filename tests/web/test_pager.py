"""The one pager macro (templates/_pager.html): links keep the filters, never the language."""

from __future__ import annotations

import re

from tests.factories import submit


def test_public_list_pager_keeps_filters_and_links_back_to_the_newest(client, world):
    for i in range(22):
        submit(confidential=False, title=f"Laporan halaman nomor {i}")
    first = client.get("/cases?q=halaman&lang=id").get_data(as_text=True)
    assert first.count('class="case-title"') == 20
    assert "« Terbaru" not in first  # the first page has no way back
    nxt = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "q=halaman" in nxt and "after=" in nxt and "lang=" not in nxt
    second = client.get(nxt).get_data(as_text=True)
    assert second.count('class="case-title"') == 2 and 'rel="next"' not in second
    back = re.search(r'<a href="([^"]+)">« Terbaru</a>', second).group(1)
    assert back == "/cases?q=halaman"
