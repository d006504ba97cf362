"""A local mail server standing in for the SMTP relay candidate emails go through.

It speaks as much SMTP as smtplib (and so Django's SMTP backend) uses: EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP and QUIT, without TLS or authentication. It keeps every message it accepts, and
answers RCPT from a script (a 451 "try again later", a 550 "no such user") before accepting.
It can be created on a port before it listens, to stand in for a relay that is down, and it can
accept connections and then say nothing, as a relay that hangs does.
"""

import email
import socket
import socketserver
import threading
from collections import deque
from dataclasses import dataclass
from email.message import Message


@dataclass(frozen=True)
class ReceivedEmail:
    mail_from: str
    rcpt_to: list[str]
    message: Message


def free_port() -> int:
    """A port nothing listens on (yet): connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int = 0):
        self.port = port
        self.received: list[ReceivedEmail] = []
        self.connections = 0
        # Replies to the next RCPT commands, one each; afterwards RCPT is accepted.
        self.rcpt_replies: deque[str] = deque()
        self.silent = False  # True: accept connections, never answer (the client times out)
        self._server: socketserver.ThreadingTCPServer | None = None

    def reply_to_rcpt(self, *replies: str) -> None:
        """Script the replies to the next RCPT commands, e.g. "451 4.3.0 Try again later"."""
        self.rcpt_replies.extend(replies)

    def start(self) -> "SmtpServer":
        server = socketserver.ThreadingTCPServer(
            ("127.0.0.1", self.port), self._handler_class(), bind_and_activate=False
        )
        server.allow_reuse_address = True  # the port may be one a refused test connected to a moment ago
        server.daemon_threads = True
        server.server_bind()
        server.server_activate()
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handler_class(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                sink.connections += 1
                if sink.silent:
                    self.rfile.read()  # until the client gives up and closes the connection
                    return
                self.reply("220 localhost test mail server")
                mail_from, rcpt_to = "", []
                while line := self.rfile.readline():
                    command, _, argument = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
                    verb = command.upper()
                    if verb == "EHLO":
                        self.reply("250-localhost")
                        self.reply("250 8BITMIME")
                    elif verb in ("HELO", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "RSET":
                        mail_from, rcpt_to = "", []
                        self.reply("250 OK")
                    elif verb == "MAIL":
                        mail_from, rcpt_to = _address(argument), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        scripted = sink.rcpt_replies.popleft() if sink.rcpt_replies else None
                        if scripted:
                            self.reply(scripted)
                        else:
                            rcpt_to.append(_address(argument))
                            self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        data = self._read_data()
                        sink.received.append(ReceivedEmail(mail_from, rcpt_to, email.message_from_bytes(data)))
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

            def _read_data(self) -> bytes:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)  # undo dot-stuffing
                return b"".join(lines)

        return Handler


def _address(argument: str) -> str:
    # "FROM:<a@b> SIZE=123" -> "a@b"
    return argument.partition(":")[2].split(" ")[0].strip("<>")
