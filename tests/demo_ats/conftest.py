import http.client
import ssl
import threading
from dataclasses import dataclass, field

import pytest

from demo_ats.certificates import DemoCertificates, ensure_certificates
from demo_ats.server import DemoAtsServer


@dataclass
class RunningDemoAts:
    server: DemoAtsServer
    certificates: DemoCertificates
    printed: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"https://localhost:{self.server.port}"

    def connection(self) -> http.client.HTTPSConnection:
        """A client that trusts the receiver's CA, as the web and worker do."""
        context = ssl.create_default_context(cafile=str(self.certificates.ca))
        return http.client.HTTPSConnection("localhost", self.server.port, context=context, timeout=10)

    def request(self, method: str, path: str, body: bytes = b"{}", headers: dict | None = None):
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@pytest.fixture
def demo_ats(settings, tmp_path):
    """The demo receiver on a free port in this process, trusted through CALLBACK_CA_BUNDLE and
    exempted through CALLBACK_ALLOWED_PRIVATE_HOSTS as `make run` sets them."""
    certificates = ensure_certificates(tmp_path / "demo-ats")
    settings.CALLBACK_CA_BUNDLE = str(certificates.ca)
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    printed: list[str] = []
    server = DemoAtsServer(port=0, certificates=certificates, say=printed.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield RunningDemoAts(server=server, certificates=certificates, printed=printed)
    server.shutdown()
    server.server_close()
