"""The fault drills' HTTPS results webhook: records every request it receives, answers 200 late.

    python -m bench.drill_sink --port P --cert C --key K --record FILE [--delay-ms 50]

A process of its own, so it outlives every worker, broker and database restart of the drill. Each
request is appended to FILE as one JSON line (Idempotency-Key, path, arrival time, body) *before*
the answer goes out: a worker that dies while waiting for the answer still counts as delivered,
which is what the receiving ATS would see. The delay keeps deliveries in flight when a fault hits.
"""

import argparse
import json
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
    args = parser.parse_args()
    delay = args.delay_ms / 1000
    record = open(args.record, "a", buffering=1)  # noqa: SIM115  open for the life of the process
    lock = threading.Lock()

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
            with lock:
                record.write(json.dumps(line) + "\n")
            if line["truncated"]:
                self.close_connection = True
                return
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

        def handle_error(self, request, client_address):
            pass  # a killed worker drops its connections mid-answer: that is the drill, not an error

    server = Server(("127.0.0.1", args.port), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
