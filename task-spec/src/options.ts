/**
 * The domain of every task option, decided once (comparisons/SPEC.md, "Arguments"), and one
 * `normalize…Options` per task that returns the options with their defaults filled in, or
 * the EINVAL error *value* — never a throw. Each model calls its task's normaliser first and
 * reports the error through its own channel, so the same bad input gets the same one-line
 * answer in every model and a bad value never reaches a socket or a timer.
 * Lineage: none upstream; the bounds are Node's (ports, timers) and SPEC.md's.
 * Read payload.ts next.
 */

import {
  DEFAULT_CONCURRENCY,
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BODY_BYTES,
} from './defaults.js';
import { invalidArgument, type TaskError } from './errors.js';

/** The normalised options, or the EINVAL error that a bad one gives. */
export type Checked<T> =
  | { options: T; error?: undefined }
  | { options?: undefined; error: TaskError };

/** Node's longest timer (2^31 − 1 ms, about 24.8 days); a longer deadline is re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** The default host of serveEcho and echoClient. */
export const DEFAULT_HOST = '127.0.0.1';
/** Echo client bounds: bytes per message, connections, and their product (memory in flight). */
export const MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
export const MAX_CONNECTIONS = 10_000;
export const MAX_BYTES_IN_FLIGHT = 1024 * 1024 * 1024;
/** The largest per-connection high-water mark of serveEcho. */
export const MAX_HIGH_WATER_MARK = 1024 * 1024 * 1024;

/** fetchPage's options, normalised. `timeoutMs` undefined: no deadline. */
export interface FetchRequest {
  url: string;
  timeoutMs: number | undefined;
  maxBodyBytes: number;
  headers: Record<string, string>;
}

/** fetchAll's options, normalised; every URL already checked. */
export interface FetchAllRequest extends Omit<FetchRequest, 'url'> {
  urls: string[];
  concurrency: number;
}

/** serveEcho's options, normalised. */
export interface EchoServerSettings {
  host: string;
  port: number;
  highWaterMark: number;
  graceMs: number;
}

/** echoClient's options, normalised. `timeoutMs` undefined: no deadline. */
export interface EchoClientSettings {
  host: string;
  port: number;
  messages: number;
  size: number;
  connections: number;
  timeoutMs: number | undefined;
}

/** A short, one-line rendering of a bad value for a message. */
function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'object' && value !== null)
    text = Array.isArray(value) ? 'an array' : 'an object';
  else text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Reading options may run a getter that throws: a bad argument too, never a crash. */
class Bad extends Error {}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
    return value;
  throw new Bad(`${name} must be an integer from ${min} to ${max}, got ${show(value)}`);
}

/** A duration: a number ≥ 0, or Infinity (never). */
function duration(name: string, value: unknown): number {
  if (typeof value === 'number' && value >= 0) return value; // NaN fails `>= 0`
  throw new Bad(`${name} must be a number of milliseconds >= 0, got ${show(value)}`);
}

/** A deadline: absent, null or Infinity for none, else a duration. */
function deadline(value: unknown): number | undefined {
  if (value === undefined || value === null || value === Number.POSITIVE_INFINITY) return undefined;
  return duration('timeoutMs', value);
}

function host(value: unknown): string {
  if (value === undefined) return DEFAULT_HOST;
  if (typeof value === 'string' && value.length > 0 && !/[\s/]/.test(value)) return value;
  throw new Bad(`host must be a host name or address, got ${show(value)}`);
}

/** An absolute http: or https: URL with a host; returns its normal form. */
function httpUrl(value: unknown): string {
  if (typeof value !== 'string') throw new Bad(`the URL must be a string, got ${show(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Bad(`not an absolute URL: ${show(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Bad(`unsupported scheme ${url.protocol} in ${show(value)} (want http: or https:)`);
  }
  if (url.hostname === '') throw new Bad(`no host in ${show(value)}`);
  return url.href;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 §5.6.2
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/; // no CR, LF or NUL: no header injection

function headers(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Bad(`headers must be an object of strings, got ${show(value)}`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (!TOKEN.test(name)) throw new Bad(`bad header name ${show(name)}`);
    if (typeof v !== 'string' || !FIELD_VALUE.test(v)) {
      throw new Bad(`header ${name} must be a string without CR, LF or NUL, got ${show(v)}`);
    }
    out[name] = v;
  }
  return out;
}

/** The options object itself: absent, or an object. */
function record(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new Bad(`options must be an object, got ${show(value)}`);
}

function checked<T>(read: () => T): Checked<T> {
  try {
    return { options: read() };
  } catch (err) {
    const message = err instanceof Bad ? err.message : `bad options: ${String(err)}`;
    return { error: invalidArgument(message) };
  }
}

function fetchCommon(o: Record<string, unknown>): Omit<FetchRequest, 'url'> {
  return {
    timeoutMs: deadline(o.timeoutMs),
    maxBodyBytes:
      o.maxBodyBytes === undefined
        ? DEFAULT_MAX_BODY_BYTES
        : integer('maxBodyBytes', o.maxBodyBytes, 0, Number.MAX_SAFE_INTEGER),
    headers: headers(o.headers),
  };
}

/** T1: the URL and fetchPage's options, or EINVAL. */
export function normalizeFetchOptions(url: unknown, options?: unknown): Checked<FetchRequest> {
  return checked(() => {
    const o = record(options);
    return { url: httpUrl(url), ...fetchCommon(o) };
  });
}

/** T2: every URL (all checked before any request) and fetchAll's options, or EINVAL. */
export function normalizeFetchAllOptions(
  urls: unknown,
  options?: unknown,
): Checked<FetchAllRequest> {
  return checked(() => {
    if (!Array.isArray(urls)) throw new Bad(`urls must be an array of URLs, got ${show(urls)}`);
    const o = record(options);
    return {
      urls: urls.map((url, i) => {
        try {
          return httpUrl(url);
        } catch (err) {
          throw new Bad(`urls[${i}]: ${(err as Error).message}`);
        }
      }),
      concurrency:
        o.concurrency === undefined
          ? DEFAULT_CONCURRENCY
          : integer('concurrency', o.concurrency, 1, Number.MAX_SAFE_INTEGER),
      ...fetchCommon(o),
    };
  });
}

/** T3: serveEcho's options, or EINVAL. */
export function normalizeEchoServerOptions(options?: unknown): Checked<EchoServerSettings> {
  return checked(() => {
    const o = record(options);
    return {
      host: host(o.host),
      port: o.port === undefined ? 0 : integer('port', o.port, 0, 65_535),
      highWaterMark:
        o.highWaterMark === undefined
          ? DEFAULT_HIGH_WATER_MARK
          : integer('highWaterMark', o.highWaterMark, 0, MAX_HIGH_WATER_MARK),
      graceMs: o.graceMs === undefined ? DEFAULT_GRACE_MS : duration('graceMs', o.graceMs),
    };
  });
}

/** T4: echoClient's options, or EINVAL. */
export function normalizeEchoClientOptions(options?: unknown): Checked<EchoClientSettings> {
  return checked(() => {
    const o = record(options);
    const size = integer('size', o.size, 1, MAX_MESSAGE_SIZE);
    const connections =
      o.connections === undefined ? 1 : integer('connections', o.connections, 1, MAX_CONNECTIONS);
    if (size * connections > MAX_BYTES_IN_FLIGHT) {
      throw new Bad(
        `connections × size must be at most ${MAX_BYTES_IN_FLIGHT} bytes, got ${connections} × ${size}`,
      );
    }
    return {
      host: host(o.host),
      port: integer('port', o.port, 1, 65_535),
      messages: integer('messages', o.messages, 0, Number.MAX_SAFE_INTEGER),
      size,
      connections,
      timeoutMs: deadline(o.timeoutMs),
    };
  });
}
