import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";

const { pki, md } = forge;

/** A certificate and its private key, PEM. */
export interface Pem {
  readonly cert: string;
  readonly key: string;
}

/** A CA, a server certificate it signed, a CA that signed nothing here, in PEM files. */
export interface TestCertificates {
  readonly dir: string;
  readonly ca: Pem;
  readonly server: Pem;
  readonly otherCa: Pem;
  readonly caFile: string;
  readonly otherCaFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  remove(): void;
}

/** Made in the test: a CA, a server certificate for 127.0.0.1, ::1 and localhost, another CA. */
export function makeCertificates(): TestCertificates {
  const ca = certificateAuthority("Cairn Test CA");
  const otherCa = certificateAuthority("Unrelated Test CA");
  const server = serverCertificate(ca);
  const dir = mkdtempSync(join(tmpdir(), "cairn-tls-"));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return {
    dir,
    ca: { cert: pki.certificateToPem(ca.cert), key: pki.privateKeyToPem(ca.keys.privateKey) },
    server,
    otherCa: {
      cert: pki.certificateToPem(otherCa.cert),
      key: pki.privateKeyToPem(otherCa.keys.privateKey),
    },
    caFile: file("ca.pem", pki.certificateToPem(ca.cert)),
    otherCaFile: file("other-ca.pem", pki.certificateToPem(otherCa.cert)),
    certFile: file("server.pem", server.cert),
    keyFile: file("server-key.pem", server.key),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Authority {
  readonly cert: forge.pki.Certificate;
  readonly keys: forge.pki.rsa.KeyPair;
}

function certificateAuthority(name: string): Authority {
  const keys = pki.rsa.generateKeyPair(2048);
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validForADay(cert);
  const subject = [{ name: "commonName", value: name }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, md.sha256.create());
  return { cert, keys };
}

function serverCertificate(ca: Authority): Pem {
  const keys = pki.rsa.generateKeyPair(2048);
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validForADay(cert);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
    {
      name: "authorityKeyIdentifier",
      keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(ca.keys.privateKey, md.sha256.create());
  return { cert: pki.certificateToPem(cert), key: pki.privateKeyToPem(keys.privateKey) };
}

function validForADay(cert: forge.pki.Certificate): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 24 * 60 * 60 * 1000);
}

/** A positive serial number: 16 random bytes in hex, the top bit cleared. */
function serial(): string {
  const bytes = forge.random.getBytesSync(16);
  const hex = forge.util.bytesToHex(bytes);
  return `0${hex.slice(1)}`;
}
