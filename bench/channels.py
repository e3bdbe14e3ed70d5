"""How fast the SMS webhook answers, and how fast a worker turns messages into cases.

    python bench/channels.py [N]     (a throw-away SQLite database under /tmp)

The webhook's work is one signed-request check and one insert (plus the outbox row); the
case is made later by the job. This measures both halves in one process, through the real
route (`/channels/sms/generic`, signed) and the outbox's own job body, on SQLite; the
numbers are per request / per message, on whatever machine runs it.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(count: int) -> None:
    from flask_migrate import upgrade

    from domain.clock import clock
    from domain.db import db
    from web.app import create_app
    from web.channels.signatures import aduan_signature
    from web.cli.channels import _drain
    from web.demo import load_demo

    data = Path(tempfile.mkdtemp(prefix="aduan-bench-channels-"))
    app = create_app({"database_url": f"sqlite:///{data / 'bench.db'}", "data_dir": data,
                      "sms_webhook_secret": "bench", "redis_url": "redis://127.0.0.1:1/0",
                      "secure_cookies": False})
    with app.app_context():
        upgrade()
        load_demo("bench-pass")
        db.session.commit()
        client = app.test_client()
        times = []
        for n in range(count):
            body = json.dumps({"id": f"b{n}", "from": f"+62812{n:08d}", "to": "1708",
                               "text": f"LAPOR#jalan#Jl. Nomor {n}#Lubang besar"}).encode()
            stamp = str(int(clock.now().timestamp()))
            started = time.perf_counter()
            response = client.post("/channels/sms/generic", data=body,
                                   content_type="application/json", headers={
                                       "X-Aduan-Timestamp": stamp,
                                       "X-Aduan-Signature": aduan_signature("bench", stamp,
                                                                            body)})
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        _drain(rounds=10)
        worked = time.perf_counter() - started
    print(f"webhook: {count} signed SMS, median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {sorted(times)[int(count * 0.95) - 1] * 1000:.1f} ms per request")
    print(f"worker: {count} messages to cases with receipts in {worked:.1f} s "
          f"({count / worked:.1f} messages/s, one process)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
