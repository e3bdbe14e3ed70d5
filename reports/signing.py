"""PAdES signatures on Aduan's PDFs (pyHanko), with the agency's certificate.

The certificate and key come from a PKCS#12 file (`ADUAN_SIGNING_CERT`, its password in
`ADUAN_SIGNING_CERT_PASSWORD`), never from the database. A signature covers every byte of
the document but the signature itself, so a changed byte shows as a broken signature in any
PDF reader. The run script makes a self-signed development certificate
(`new_development_pkcs12`); a PDF reader then says "signer unknown" but still shows whether
the document was changed, which is what `validate` reports as `intact`.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "AduanSignature"


class SigningError(ValueError):
    """The configured certificate cannot be loaded (missing file, wrong password)."""


@dataclass(frozen=True)
class SigningKey:
    """The loaded signer and its certificate (DER), from one PKCS#12 file."""

    signer: signers.SimpleSigner
    certificate: bytes


@functools.lru_cache(maxsize=4)
def load(path: str, password: str | None) -> SigningKey:
    """The signer from a PKCS#12 file; cached per (path, password), loaded once per process."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            Path(path).read_bytes(), other_certs=[],
            passphrase=password.encode() if password else None)
    except (OSError, ValueError) as exc:
        raise SigningError(f"cannot load the signing certificate {path}: {exc}") from exc
    return SigningKey(signer, signer.signing_cert.dump())


def sign(pdf: bytes, key: SigningKey, *, reason: str, location: str = "Indonesia") -> bytes:
    """The PDF with one invisible PAdES (B-B) signature appended as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", reason=reason, location=location,
        subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.sign_pdf(writer, meta, signer=key.signer)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says: present, bytes unchanged, made by the trusted certificate,
    and the whole file covered (nothing appended after signing)."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted \
            and self.covers_whole_file


def validate(pdf: bytes, trusted_certificate: bytes | None) -> SignatureCheck:
    """Validate the document's last signature with pyHanko, trusting one certificate (DER).

    Never raises on a broken file: a PDF that no longer parses is reported as not intact.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        return SignatureCheck(signed=False, problem=f"unreadable PDF: {exc}")
    if not embedded:
        return SignatureCheck(signed=False, problem="no signature")
    sig = embedded[-1]
    roots = [asn1_x509.Certificate.load(trusted_certificate)] if trusted_certificate else []
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return SignatureCheck(signed=True, problem=f"signature unreadable: {exc}")
    whole = sig.coverage is not None and sig.coverage.name in ("ENTIRE_FILE",)
    return SignatureCheck(
        signed=True, intact=bool(status.intact), valid=bool(status.valid),
        trusted=bool(status.trusted), covers_whole_file=whole,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "")


def new_development_pkcs12(path: Path, password: str, *, common_name: str = "Aduan dev",
                           now: datetime | None = None) -> None:
    """A self-signed certificate and key (ECDSA P-256) as PKCS#12, mode 0600.

    For development and tests only: it proves a document unchanged, not who issued it.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Aduan (development)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(moment - timedelta(days=1))
        .not_valid_after(moment + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_cert_sign=True,
            crl_sign=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, None,
        serialization.BestAvailableEncryption(password.encode()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(blob)


def configured(settings: object) -> SigningKey | None:
    """The agency's key from the settings (`signing_cert`, `signing_cert_password`), if set."""
    path = getattr(settings, "signing_cert", None)
    return load(str(path), getattr(settings, "signing_cert_password", None)) if path else None
