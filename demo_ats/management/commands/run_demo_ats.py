import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo_ats.certificates import ensure_certificates
from demo_ats.server import DemoAtsServer


def default_port() -> int:
    """DEMO_ATS_PORT, else the web's PORT + 1 (PORT defaults to 8000)."""
    raw = os.environ.get("DEMO_ATS_PORT") or str(int(os.environ.get("PORT") or 8000) + 1)
    return int(raw)


class Command(BaseCommand):
    help = (
        "Serve the local demo ATS receiver over HTTPS on 127.0.0.1 (a local CA in var/demo-ats/): it "
        "accepts results callbacks (PATCH /callbacks/<anything>) and Ashby's assessment.update "
        "(POST /ashby/assessment.update), prints each and lists it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, help="default: DEMO_ATS_PORT, else PORT + 1 (8001)")
        parser.add_argument(
            "--certificates-only",
            action="store_true",
            help="make (or keep) the CA and server certificate, print ca.pem's path, and exit: run it "
            "before starting the web and worker so that their CALLBACK_CA_BUNDLE exists",
        )

    def handle(self, *args, port: int | None, certificates_only: bool, **options):
        if certificates_only:
            self._say(str(ensure_certificates(settings.VAR_DIR / "demo-ats").ca))
            return
        try:
            port = default_port() if port is None else port
        except ValueError:
            raise CommandError("DEMO_ATS_PORT and PORT must be port numbers") from None
        certificates = ensure_certificates(settings.VAR_DIR / "demo-ats")
        try:
            server = DemoAtsServer(port=port, certificates=certificates, say=self._say)
        except (OSError, OverflowError) as exc:  # taken, not allowed, or not a port number at all
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {getattr(exc, 'strerror', None) or exc}") from None
        base = f"https://localhost:{server.port}"
        self._say(f"Demo ATS receiver listening on {base} (127.0.0.1 only)")
        self._say(
            f"  results callbacks: PATCH {base}/callbacks/<anything>; send_test's url, e.g. {base}/callbacks/demo"
        )
        self._say(f"  Ashby: ASHBY_API_BASE_URL={base}/ashby")
        self._say(f"  the web and worker trust it with CALLBACK_CA_BUNDLE={certificates.ca}")
        self._say("  and CALLBACK_ALLOWED_PRIVATE_HOSTS=localhost")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()  # seen at once under honcho, whose stdout is a pipe
