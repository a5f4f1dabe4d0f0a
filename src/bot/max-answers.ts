// Two things about MAX's answers the SDK does not handle, applied inside the
// bot's fetch (src/bot/max-fetch.ts):
//
// 1. Refusals with status 200. Some methods answer `{success: false, message}`
//    with HTTP 200, and since November 2026 also a `code`. The SDK throws only on
//    non-200 statuses, so such a refusal would pass as success. It is turned into
//    an error answer (status 400, the same body) so the SDK throws a MaxError whose
//    `code` is MAX's code — and the bot decides by `code`, never by `message`.
//
// 2. An untrusted certificate. Since 19 July 2026 MAX's API host is served with a
//    certificate of the Russian Trusted Root CA (the Ministry of Digital Development),
//    which Node does not trust by default. Each failing request would otherwise log
//    its own error; instead one clear line names the fix, at most every few minutes,
//    while the requests keep being retried with back-off.
import type { Logger } from '../log.js';

/** HTTP status given to a `{success: false}` answer so the SDK throws. */
export const REFUSAL_STATUS = 400;

/** Returns the answer as is, or, for `{success: false, …}`, the same body with REFUSAL_STATUS. */
export async function refusalAsError(res: Response): Promise<Response> {
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('json')) return res;
  const text = await res.text();
  let refused = false;
  if (text.includes('"success"')) {
    try {
      const body = JSON.parse(text) as { success?: unknown };
      refused = typeof body === 'object' && body !== null && body.success === false;
    } catch {
      // not JSON after all: hand it on unchanged, the SDK reports it
    }
  }
  return new Response(text, { status: refused ? REFUSAL_STATUS : res.status, statusText: refused ? 'Refused' : res.statusText, headers: res.headers });
}

/** OpenSSL error codes Node reports when a server's certificate chain is not trusted. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The certificate error code behind a failed fetch, if that is why it failed. */
export function certificateErrorCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code)) return code;
  }
  return null;
}

export const CERTIFICATE_HINT =
  'MAX API certificate is not trusted: give Node the Russian Trusted Root CA (NODE_EXTRA_CA_CERTS=/path/russian_trusted_root_ca.pem, see README «Сертификат Минцифры»); requests keep being retried';

/** Logs the certificate hint at most once per `everyMs`. */
export class CertificateWarning {
  private lastAt = -Infinity;

  constructor(
    private readonly log: Logger,
    private readonly everyMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `err` is a certificate failure (and it was reported, if due). */
  check(err: unknown, path: string): boolean {
    const code = certificateErrorCode(err);
    if (code === null) return false;
    const now = this.now();
    if (now - this.lastAt >= this.everyMs) {
      this.lastAt = now;
      this.log.error({ path, tls: code }, CERTIFICATE_HINT);
    }
    return true;
  }
}
