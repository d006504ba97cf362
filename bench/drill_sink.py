"""The fault drills' HTTPS results webhooks: a healthy one that answers 200 late, two faulty ones,
and Ashby's assessment.update.

    python -m bench.drill_sink --port P --cert C --key K --record FILE [--delay-ms 50]
        [--host 127.0.0.1] [--answer ok|drip|nul|ashby] [--drip-for 30]

A process of its own, so it outlives every worker, broker and database restart of the drill. Each
request is appended to FILE as one JSON line (Idempotency-Key, path, arrival time, body) *before*
the answer goes out: a worker that dies while waiting for the answer still counts as delivered,
which is what the receiving ATS would see. The delay keeps deliveries in flight when a fault hits.

The faulty receivers (--answer) write their line once the answer is over, with `held`: how long
the connection stayed open after the request arrived, by the receiver's clock.

  drip  status line and headers (Content-Length 64 KiB), then one byte a second until the client
        closes the connection or --drip-for runs out: an answer that never finishes.
  nul   a body with NUL bytes in it: 500 to a key's first request, 200 to the next.

With --answer ashby it is healthy as `ok` is, but answers what Ashby does to an accepted update,
`200 {"success": true, "results": {}}` (our deliveries to Ashby are POSTs, the webhooks' PATCHes).
"""

import argparse
import json
import select
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--record", required=True, help="JSON-lines file, one line per request")
    parser.add_argument("--delay-ms", type=float, default=50.0)
    parser.add_argument("--host", default="127.0.0.1", help="the loopback address to listen on")
    parser.add_argument("--answer", choices=("ok", "drip", "nul", "ashby"), default="ok")
    parser.add_argument("--drip-for", type=float, default=30.0, help="drip: seconds before it closes itself")
    args = parser.parse_args()
    delay = args.delay_ms / 1000
    record = open(args.record, "a", buffering=1)  # noqa: SIM115  open for the life of the process
    lock = threading.Lock()
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the worker's kept sessions expect
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

        def do_PATCH(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            line = {
                "key": self.headers.get("Idempotency-Key"),
                "path": self.path,
                "at": time.time(),
                "body": body.decode(errors="replace"),
                # A sender killed mid-request leaves a body cut short: an ATS would refuse it, so
                # it does not count as received (the sender never saw an answer and sends again).
                "truncated": len(body) < length,
            }
            healthy = args.answer in ("ok", "ashby")
            if not healthy and not line["truncated"]:
                line.update(self._answer_faulty(line))
            with lock:
                record.write(json.dumps(line) + "\n")
            if line["truncated"] or args.answer == "drip":
                self.close_connection = True
            if line["truncated"] or not healthy:
                return
            time.sleep(delay)
            answer = b'{"success": true, "results": {}}' if args.answer == "ashby" else b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_POST = do_PATCH

        def _answer_faulty(self, line: dict) -> dict:
            if args.answer == "nul":
                with lock:
                    first = line["key"] not in seen
                    seen.add(line["key"])
                body = b'{"error": "\x00"}\x00'
                self.send_response(500 if first else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return {"status": 500 if first else 200, "held": time.time() - line["at"], "ended": "answered"}
            self.send_response(200)
            self.send_header("Content-Length", str(64 * 1024))
            self.end_headers()
            ended = "drip ran out"
            while time.time() < line["at"] + args.drip_for:
                # The client sends nothing more while it waits for the answer: readable means closed.
                if select.select([self.connection], [], [], 1.0)[0]:
                    ended = "closed by the client"
                    break
                try:
                    self.wfile.write(b".")
                except OSError:
                    ended = "closed by the client"
                    break
            return {"status": 200, "held": time.time() - line["at"], "ended": ended}

        def log_message(self, format, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

        def handle_error(self, request, client_address):
            pass  # a killed worker drops its connections mid-answer: that is the drill, not an error

    server = Server((args.host, args.port), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
