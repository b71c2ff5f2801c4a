/**
 * Twisted model — the errors of the networking layer: why a connection ended or never
 * began, and the delayed-call misuse errors.
 * Contract: each carries the comparisons/SPEC.md `code` where one applies (ECONNREFUSED,
 * ECONNRESET, ECANCELLED); Node's own codes (EADDRINUSE, ENOTFOUND, ERR_SOCKET_BAD_PORT …) pass through.
 * Lineage: twisted/internet/error.py.
 * Read next: tcp-transport.ts.
 */
import { CancelledError, InvalidStateError } from './errors.js';
import type { IPv4Address } from './interfaces.js';

/** Base of the networking errors: an Error with a `name` and, where one applies, a `code`. */
export class InternetError extends Error {
  code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The connection was closed cleanly (Twisted's `connectionDone` reason). */
export class ConnectionDone extends InternetError {
  constructor(message = 'Connection was closed cleanly.') {
    super(message);
  }
}

/** The connection was lost in a non-clean fashion: a reset or an early close (ECONNRESET). */
export class ConnectionLost extends InternetError {
  constructor(
    message = 'Connection to the other side was lost in a non-clean fashion.',
    code = 'ECONNRESET',
  ) {
    super(message, code);
  }
}

/** This side closed the connection with `abortConnection()`. */
export class ConnectionAborted extends ConnectionLost {
  constructor(message = 'Connection was aborted locally using abortConnection.') {
    super(message, 'ECONNABORTED');
  }
}

/** A connection attempt failed; `code` is Node's (ENOTFOUND, EHOSTUNREACH, …). */
export class ConnectError extends InternetError {}

/** Nothing listens at the address (ECONNREFUSED). */
export class ConnectionRefusedError extends ConnectError {
  constructor(message = 'Connection was refused by other side.') {
    super(message, 'ECONNREFUSED');
  }
}

/** The host name did not resolve (ENOTFOUND passes through). */
export class DNSLookupError extends ConnectError {}

/** The user stopped a connection attempt (`connector.stopConnecting()`). */
export class UserError extends ConnectError {
  constructor(message = 'User aborted connection.') {
    super(message, 'ECANCELLED');
  }
}

/** An endpoint's connect() Deferred was cancelled before the connection was made. */
export class ConnectingCancelledError extends CancelledError {
  constructor(readonly address: IPv4Address) {
    super(`Connecting to ${address.host}:${address.port} was cancelled.`);
    Object.defineProperty(this, 'name', { value: 'ConnectingCancelledError' });
  }
}

/** listenTCP could not bind; `code` is Node's (EADDRINUSE, EACCES, …). */
export class CannotListenError extends InternetError {
  constructor(
    readonly iface: string,
    readonly port: number,
    cause: Error & { code?: string },
  ) {
    super(`Couldn't listen on ${iface}:${port}: ${cause.message}.`, cause.code);
  }
}

/**
 * `IDelayedCall.cancel()`/`reset()`/`delay()` on a call that has already run. An
 * InvalidStateError, as Clock's delayed calls throw, named as Twisted names it.
 */
export class AlreadyCalled extends InvalidStateError {
  constructor(message = 'Tried to cancel an already-called event.') {
    super(message);
    Object.defineProperty(this, 'name', { value: 'AlreadyCalled' });
  }
}

/** `IDelayedCall.cancel()`/`reset()`/`delay()` on a call that was already cancelled. */
export class AlreadyCancelled extends InvalidStateError {
  constructor(message = 'Tried to cancel an already-cancelled event.') {
    super(message);
    Object.defineProperty(this, 'name', { value: 'AlreadyCancelled' });
  }
}

type NodeError = Error & { code?: string; syscall?: string };

/** Twisted's error for a socket error seen while connected (a reset, a broken pipe …). */
export function connectionLostFor(err: NodeError): ConnectionLost {
  return new ConnectionLost(err.message, err.code ?? 'ECONNRESET');
}

/** Twisted's error for a failed connection attempt, from Node's error. */
export function connectErrorFor(err: NodeError): ConnectError {
  if (err.code === 'ECONNREFUSED') return new ConnectionRefusedError(err.message);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new DNSLookupError(err.message, err.code);
  }
  return new ConnectError(err.message, err.code);
}
