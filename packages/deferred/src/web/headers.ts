/**
 * Twisted model — HTTP headers as Twisted's Headers.
 * Contract: case-insensitive names, every value a list, repeated headers kept in arrival order.
 * Lineage: twisted/web/http_headers.py (Headers).
 * Read next: response.ts.
 */

/** Names whose canonical spelling is not plain capitalisation (as Twisted's table). */
const SPECIAL_CAPS: Record<string, string> = {
  'content-md5': 'Content-MD5',
  dnt: 'DNT',
  etag: 'ETag',
  p3p: 'P3P',
  te: 'TE',
  'www-authenticate': 'WWW-Authenticate',
  'x-xss-protection': 'X-XSS-Protection',
};

function canonicalName(lower: string): string {
  return (
    SPECIAL_CAPS[lower] ??
    lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  );
}

/**
 * A header collection.
 *
 * @example
 * const h = new Headers({ 'user-agent': ['rosetta'] });
 * h.addRawHeader('Accept', 'text/html');
 * h.getRawHeaders('accept'); // ['text/html']
 */
export class Headers {
  private readonly raw = new Map<string, string[]>();

  /** `rawHeaders` maps a name to its values (a single string is one value). */
  constructor(rawHeaders: Record<string, readonly string[] | string> = {}) {
    for (const [name, values] of Object.entries(rawHeaders)) {
      this.setRawHeaders(name, typeof values === 'string' ? [values] : values);
    }
  }

  /** Headers from Node's flat `[name, value, name, value, …]` list. */
  static fromRawList(list: readonly string[]): Headers {
    const headers = new Headers();
    for (let i = 0; i + 1 < list.length; i += 2) headers.addRawHeader(list[i]!, list[i + 1]!);
    return headers;
  }

  hasHeader(name: string): boolean {
    return this.raw.has(name.toLowerCase());
  }

  /** The values of `name` in arrival order, or `defaultValue` when absent. */
  getRawHeaders(name: string): string[] | undefined;
  getRawHeaders<D>(name: string, defaultValue: D): string[] | D;
  getRawHeaders<D>(name: string, defaultValue?: D): string[] | D | undefined {
    const values = this.raw.get(name.toLowerCase());
    return values === undefined ? defaultValue : [...values];
  }

  setRawHeaders(name: string, values: readonly string[]): void {
    this.raw.set(name.toLowerCase(), [...values]);
  }

  addRawHeader(name: string, value: string): void {
    const lower = name.toLowerCase();
    const values = this.raw.get(lower);
    if (values === undefined) this.raw.set(lower, [value]);
    else values.push(value);
  }

  removeHeader(name: string): void {
    this.raw.delete(name.toLowerCase());
  }

  /** Every header as `[canonical name, values]`, in order of first arrival. */
  *getAllRawHeaders(): IterableIterator<[string, string[]]> {
    for (const [lower, values] of this.raw) yield [canonicalName(lower), [...values]];
  }

  copy(): Headers {
    const copy = new Headers();
    for (const [lower, values] of this.raw) copy.setRawHeaders(lower, values);
    return copy;
  }

  /** For node:http: lower-cased names to value lists. */
  toNodeHeaders(): Record<string, string[]> {
    return Object.fromEntries(this.raw);
  }
}
