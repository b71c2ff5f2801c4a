/**
 * Conformance suite, T1 over TLS (comparisons/SPEC.md T1.1 and T1.9): every registered
 * model fetches `https:` URLs and verifies the server's certificate. The certificates
 * are made here with `selfsigned` (a test CA, a server certificate it signs for
 * 127.0.0.1, one it signs for another name, and one signed by nobody), served by the
 * HTTP fixture over `node:tls`. The CA is trusted explicitly and only where asked: each
 * case runs the compiled `rosetta fetch --model all --json` in a child process with
 * NODE_EXTRA_CA_CERTS naming the CA file (Node reads it at start-up), so no model can
 * pass by skipping verification, and the process running the suite trusts nothing new.
 * Lineage: the failures are Node's own verification codes (lib/_tls_wrap.js,
 * `verifyError()`; `checkServerIdentity` in lib/tls.js), which pass through every model.
 * Read fetch-page.test.ts for the rest of T1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureTls,
  fixtureBytes,
  type HttpFixture,
  startHttpFixture,
} from '../src/fixtures/index.js';
import { models } from '../src/models/index.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const names = models.map((m) => m.name);

/** A certificate for a server at `altNames`, signed by `ca` (or by its own key when absent). */
async function certificate(
  altNames: { type: 2 | 7; ip?: string; value?: string }[],
  ca?: { key: string; cert: string },
): Promise<FixtureTls> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'rosetta test server' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...(ca ? { ca } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

let dir: string;
let caFile: string;
/** Signed by the test CA for 127.0.0.1. */
let good: HttpFixture;
/** Signed by the test CA, for another host name. */
let otherName: HttpFixture;
/** Signed by its own key. */
let selfSigned: HttpFixture;

beforeAll(async () => {
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'rosetta test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  const signer = { key: ca.private, cert: ca.cert };
  dir = mkdtempSync(join(tmpdir(), 'rosetta-tls-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  [good, otherName, selfSigned] = await Promise.all([
    certificate([{ type: 7, ip: '127.0.0.1' }], signer).then((tls) => startHttpFixture({ tls })),
    certificate([{ type: 2, value: 'not-this-host.invalid' }], signer).then((tls) =>
      startHttpFixture({ tls }),
    ),
    certificate([{ type: 7, ip: '127.0.0.1' }]).then((tls) => startHttpFixture({ tls })),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([good, otherName, selfSigned].map((f) => f?.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Line {
  model: string;
  status?: number;
  bodyBytes?: number;
  sha256?: string;
  error?: { code: string; message: string };
}

/** `rosetta fetch <url> --model all --json`, trusting the test CA or not; its exit status and lines. */
function fetchAll(
  url: string,
  trustTestCa: boolean,
): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  if (trustTestCa) env.NODE_EXTRA_CA_CERTS = caFile;
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'fetch', url, '--model', 'all', '--json'],
    { env },
  );
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) =>
      resolve({
        code,
        stderr,
        lines: stdout
          .split('\n')
          .filter((l) => l.length > 0)
          .map((l) => JSON.parse(l) as Line),
      }),
    );
  });
}

const sha256 = (n: number) => createHash('sha256').update(fixtureBytes(n)).digest('hex');

describe.concurrent('T1 over https:, in every model', () => {
  it('T1.1 GETs an https: URL, the server certificate verified against the trusted CA (Content-Length body)', async () => {
    const r = await fetchAll(`${good.url}/bytes/50000`, true);
    expect(r.stderr).toBe('');
    expect(r.lines.map((l) => [l.model, l.status, l.bodyBytes, l.sha256])).toEqual(
      names.map((n) => [n, 200, 50_000, sha256(50_000)]),
    );
    expect(r.code).toBe(0);
  });

  it('T1.1 GETs an https: URL with a chunked body', async () => {
    const r = await fetchAll(`${good.url}/chunked/20000`, true);
    expect(r.lines.map((l) => [l.model, l.status, l.sha256])).toEqual(
      names.map((n) => [n, 200, sha256(20_000)]),
    );
    expect(r.code).toBe(0);
  });

  it.each([
    [
      'the same server when its CA is not trusted',
      () => good,
      false,
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    ],
    ['a certificate for another host name', () => otherName, true, 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['a self-signed certificate', () => selfSigned, true, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ] as const)(
    "T1.9 refuses %s with Node's verification code, on one line",
    async (_, fixture, trust, code) => {
      const r = await fetchAll(`${fixture().url}/bytes/10`, trust);
      expect(r.lines.map((l) => [l.model, l.error?.code])).toEqual(names.map((n) => [n, code]));
      for (const line of r.lines) expect(line.error?.message).toMatch(/^[^\n]+$/);
      expect(r.code).toBe(1);
    },
  );
});
