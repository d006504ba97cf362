"""The callback floor's task (../shared/BENCHMARK.md): the same HTTPS request to the same sink through
callbacks/client.py, and nothing else (no database, no claim, no attempt row, no host slot).

`python -m bench.callbacks` starts its worker with `--include=bench.callback_floor`, so the same
worker process runs this and the deliveries it is compared with; production never loads it.
"""

from celery import shared_task

from callbacks.client import send_callback


@shared_task(ignore_result=True)
def send_floor_request(method: str, url: str, body: str, headers: dict[str, str]) -> None:
    send_callback(method=method, url=url, body=body.encode(), headers=headers)
