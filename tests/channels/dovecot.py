"""A private Dovecot for the IMAP poll's tests: own config, base_dir, maildir and users.

Debian's `dovecot-imapd` (scripts/services.sh installs it) runs from a config file written
here, listening on 127.0.0.1 at free ports: IMAPS with a self-signed certificate made for
the run (the poll's `imaps://` verifies certificates, so a test trusts this one through
SSL_CERT_FILE) and plain IMAP. Nothing outside the run's directory is touched.

As root, Dovecot's own processes run as its package's users (`dovecot`, `dovenull`) and the
mailbox belongs to `nobody` (Dovecot refuses UID 0 for mail); as any other user, all of it
runs as that user (Dovecot's rootless mode). The master binds its listeners before it
forks into the background, so once `dovecot` has returned a connection waits in the
listen queue: no readiness loop, no sleep.
"""

from __future__ import annotations

import datetime as dt
import grp
import imaplib
import ipaddress
import os
import pwd
import select
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD = "lapor", "sandi-uji-dovecot"


def require_dovecot() -> str:
    """Dovecot's path; absent: a skip with the reason locally, a failure in CI."""
    executable = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None)
    if executable is None:
        message = "Dovecot is not installed (apt-get install -y dovecot-imapd)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run the IMAP tests against it, not skip them")
        pytest.skip(message)
    return executable


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost and its key (EC P-256, one day)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aduan-test-imap")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def _accounts(root: Path) -> tuple[str, int, int]:
    """(the run's process-user lines, mail uid, mail gid) for root or rootless mode."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("nobody")
        return "", mail.pw_uid, mail.pw_gid
    me = pwd.getpwuid(os.geteuid())
    lines = (f"default_login_user = {me.pw_name}\ndefault_internal_user = {me.pw_name}\n"
             f"default_internal_group = {grp.getgrgid(os.getegid()).gr_name}\n")
    return lines, me.pw_uid, me.pw_gid


def _config(root: Path, imap_port: int, imaps_port: int, cert: Path, key: Path) -> str:
    users, uid, gid = _accounts(root)
    mail = root / "mail"
    mail.mkdir()
    os.chown(mail, uid, gid)
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{mail / USER}::\n")
    chroot = "" if os.geteuid() == 0 else "  chroot =\n"  # chroot needs root
    return f"""{users}protocols = imap
listen = 127.0.0.1
base_dir = {root / 'run'}
state_dir = {root / 'state'}
log_path = {root / 'dovecot.log'}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root / 'passwd'}
}}
userdb {{
  driver = passwd-file
  args = {root / 'passwd'}
}}
service imap-login {{
{chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
service anvil {{
{chroot}}}
"""


@dataclass
class Dovecot:
    """A running private server and what a test needs to talk to it."""

    root: Path
    imap_port: int
    imaps_port: int
    cert: Path

    def url(self, scheme: str = "imaps", folder: str = "INBOX") -> str:
        port = self.imaps_port if scheme == "imaps" else self.imap_port
        return f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{port}/{folder}"

    def client(self) -> imaplib.IMAP4_SSL:
        """A logged-in client that trusts only this server's certificate."""
        context = ssl.create_default_context(cafile=str(self.cert))
        client = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=context,
                                   timeout=30)
        client.login(USER, PASSWORD)
        return client

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver one RFC 5322 message into the folder, unseen, as an MTA would."""
        client = self.client()
        try:
            status, _ = client.append(folder, None, imaplib.Time2Internaldate(time.time()),
                                      raw)
            assert status == "OK"
        finally:
            client.logout()

    def flags(self, folder: str = "INBOX") -> dict[str, set[str]]:
        """Message-ID -> its IMAP flags, read without changing them."""
        client = self.client()
        try:
            client.select(folder, readonly=True)
            _, data = client.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        finally:
            client.logout()
        found: dict[str, set[str]] = {}
        for item in data:
            if isinstance(item, tuple):
                head, body = item
                flags = imaplib.ParseFlags(head)
                message_id = body.decode().split(":", 1)[1].strip()
                found[message_id] = {f.decode() for f in flags}
        return found

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start(executable: str) -> Dovecot:
    """Write the config and start the master; a failure to start fails the test loudly."""
    root = Path(tempfile.mkdtemp(prefix="aduan-dovecot-"))
    root.chmod(0o755)  # the mail and login users must reach their sockets and maildir
    cert, key = self_signed(root)
    server = Dovecot(root, _free_port(), _free_port(), cert)
    conf = root / "dovecot.conf"
    conf.write_text(_config(root, server.imap_port, server.imaps_port, cert, key))
    errors = root / "startup.err"
    with errors.open("w") as stderr:  # not a pipe: the daemon keeps its copy open
        code = subprocess.run([executable, "-c", str(conf)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=stderr, timeout=60,
                              check=False).returncode
    try:
        if code != 0:
            raise RuntimeError(f"exit {code}")
        server.client().logout()  # waits in the listen queue until the master serves it
    except (RuntimeError, OSError, imaplib.IMAP4.error) as exc:
        detail = f"{errors.read_text(errors='replace')} {server.log()}".strip()
        stop(server)
        pytest.fail(f"dovecot did not start ({exc}): {detail}")
    return server


def stop(server: Dovecot) -> None:
    """SIGTERM to the master (its pid file exists once a login has succeeded), wait for
    its exit on a pidfd, remove the run's directory."""
    pid_file = server.root / "run" / "master.pid"
    try:
        pid = int(pid_file.read_text().strip())
        fd = os.pidfd_open(pid)
    except (OSError, ValueError):
        pid = fd = None
    if pid is not None and fd is not None:
        try:
            os.kill(pid, signal.SIGTERM)
            select.select([fd], [], [], 30)
        finally:
            os.close(fd)
    shutil.rmtree(server.root, ignore_errors=True)
