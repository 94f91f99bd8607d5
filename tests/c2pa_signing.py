"""Real C2PA content credentials for tests, made offline.

`signed_copy(src, dst, ai_generated=...)` writes a copy of a JPEG or PNG that carries a C2PA
manifest signed by the real c2pa library (ES256). The signing certificate is issued at test
time by a throwaway CA (`signing_identity()`, generated once per process with `cryptography`),
so nothing secret or expiring is committed. What c2pa-rs demands of it, and why each
extension is here:

- X.509 v3 with Key Usage marked critical and digitalSignature set on the leaf;
- an Extended Key Usage on the leaf, one of emailProtection / documentSigning, and never
  anyExtendedKeyUsage;
- not self-signed: c2pa-rs refuses a leaf that is its own issuer, hence the CA;
- the CA says CA:TRUE and keyCertSign, key identifiers link leaf to CA.

A reader that is not told about the CA reports `signingCredential.untrusted`; pass
`signing_identity().ca_pem` as trust anchors to get a trusted read.

`with_pixels_changed(signed, dst)` keeps the manifest but replaces the picture, the way an
edit after signing would: the data hash no longer matches.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

SIGNER_NAME = "Humas Pemkab Uji"  # the leaf's common name
SIGNER_ORG = "Pemerintah Kabupaten Uji"  # the leaf's organisation
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
MIME_BY_SUFFIX = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@dataclass(frozen=True)
class SigningIdentity:
    chain_pem: bytes  # leaf first, then the CA: what the manifest carries
    key_pem: bytes  # the leaf's private key, PKCS#8
    ca_pem: str  # the CA alone: give it to a reader as a trust anchor


def _name(common_name: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@functools.cache
def signing_identity() -> SigningIdentity:
    """One CA and one leaf per test process: key generation is cheap, but the same identity
    keeps signer names stable across every file a test run signs."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Tangkal Test Root CA", "Tangkal Test CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_NAME, SIGNER_ORG))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return SigningIdentity(
        chain_pem=leaf.public_bytes(pem) + ca.public_bytes(pem),
        key_pem=key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        ca_pem=ca.public_bytes(pem).decode(),
    )


def manifest(*, ai_generated: bool, generator: str, version: str) -> dict[str, Any]:
    """A manifest with one `c2pa.created` action; its digitalSourceType says whether a
    trained model made the picture or a camera took it."""
    source = "trainedAlgorithmicMedia" if ai_generated else "digitalCapture"
    return {
        "claim_generator_info": [{"name": generator, "version": version}],
        "title": "Foto uji",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [{"action": "c2pa.created", "digitalSourceType": IPTC + source}]
                },
            }
        ],
    }


def signed_copy(
    src: Path,
    dst: Path,
    *,
    ai_generated: bool,
    generator: str = "Kamera Uji",
    version: str = "1.0",
) -> None:
    """Write to `dst` a copy of the JPEG or PNG `src` (chosen by suffix) with a signed C2PA
    manifest: `c2pa.created`, trained algorithmic media when `ai_generated`, else a digital
    capture; claim generator `generator` `version`; signer `SIGNER_NAME` of `SIGNER_ORG`."""
    mime = MIME_BY_SUFFIX[src.suffix.lower()]
    identity = signing_identity()
    info = c2pa.C2paSignerInfo(
        c2pa.C2paSigningAlg.ES256, identity.chain_pem, identity.key_pem, None
    )
    body = manifest(ai_generated=ai_generated, generator=generator, version=version)
    with (
        c2pa.Signer.from_info(info) as signer,
        c2pa.Builder(body) as builder,
        src.open("rb") as source,
        dst.open("w+b") as dest,
    ):
        builder.sign(signer, mime, source, dest)


def with_pixels_changed(signed: Path, dst: Path) -> None:
    """Write to `dst` the signed image with a red square painted on it, its C2PA manifest
    kept byte for byte: what a retouch after signing leaves behind."""
    data = signed.read_bytes()
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    side = max(8, min(picture.size) // 4)
    picture.paste((255, 0, 0), (0, 0, side, side))
    fresh = io.BytesIO()
    if data.startswith(b"\x89PNG"):
        picture.save(fresh, "PNG")
        dst.write_bytes(_png_with_pixels_of(data, fresh.getvalue()))
    else:
        picture.save(fresh, "JPEG", quality=90)
        dst.write_bytes(_jpeg_with_pixels_of(data, fresh.getvalue()))


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + size]))
        at += 12 + size
    return chunks


def _png_with_pixels_of(signed: bytes, fresh: bytes) -> bytes:
    """The signed PNG's chunks (its caBX manifest among them) with the fresh PNG's IDAT."""
    new_idat = [chunk for chunk in _png_chunks(fresh) if chunk[0] == b"IDAT"]
    out, idat_done = [b"\x89PNG\r\n\x1a\n"], False
    for kind, body in _png_chunks(signed):
        if kind == b"IDAT":
            if not idat_done:
                out += [_png_chunk(k, b) for k, b in new_idat]
                idat_done = True
            continue
        out.append(_png_chunk(kind, body))
    return b"".join(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _jpeg_with_pixels_of(signed: bytes, fresh: bytes) -> bytes:
    """The fresh JPEG with the signed one's APP11 segments (the JUMBF manifest) put back
    right after SOI, where c2pa wrote them."""
    app11, at = [], 2
    while at + 4 <= len(signed) and signed[at] == 0xFF and signed[at + 1] != 0xDA:
        (size,) = struct.unpack(">H", signed[at + 2 : at + 4])
        if signed[at + 1] == 0xEB:
            app11.append(signed[at : at + 2 + size])
        at += 2 + size
    return fresh[:2] + b"".join(app11) + fresh[2:]
