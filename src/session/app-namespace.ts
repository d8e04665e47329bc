// src/session/app-namespace.ts: app namespaces: id, secret, and the attach endpoint (the socket
// API socket) of each. Models: src/vnet/session/application_namespace.c (app_namespace_t,
// vnet_app_namespace_add_del, app_namespace_get_default), application.c app_validate_namespace.

import { SessionE } from './session-types.js';

/** One app namespace. Models: application_namespace.h app_namespace_t. */
export interface AppNamespace {
  readonly index: number;
  /** `ns_id`: `default` for namespace 0. */
  readonly id: string;
  /** `ns_secret`; 0 for the default namespace. */
  readonly secret: number;
  /** `sw_if_index` the namespace is bound to (-1: none). */
  readonly swIfIndex: number;
  /** FIB index (`ip4_fib_index`). */
  readonly fibIndex: number;
  /** Path of the namespace's app socket (`<runtime_dir>/app_ns_sockets/<id>`). */
  readonly sockName: string;
}

/** The namespaces of a run (main thread). Namespace 0 is `default` with secret 0. */
export class AppNamespaces {
  private readonly list: AppNamespace[] = [];

  constructor (readonly runtimeDir = '/run/vpp') {
    this.add('default', 0, -1, 0);
  }

  /** Namespaces in index order. */
  all (): readonly AppNamespace[] { return this.list; }

  /** By id, or undefined (`app_namespace_index_from_id`). */
  byId (id: string): AppNamespace | undefined { return this.list.find((n) => n.id === id); }

  /** By index. */
  get (index: number): AppNamespace | undefined { return this.list[index]; }

  /**
   * `app ns add id <id> secret <n> [sw_if_index N] [fib-id N]`: adds or updates a namespace.
   * Returns its index. Models: vnet_app_namespace_add_del (is_add).
   */
  add (id: string, secret: number, swIfIndex = -1, fibIndex = 0): number {
    const had = this.byId(id);
    const ns: AppNamespace = {
      index: had?.index ?? this.list.length, id, secret, swIfIndex, fibIndex, sockName: `${this.runtimeDir}/app_ns_sockets/${id}`,
    };
    this.list[ns.index] = ns;
    return ns.index;
  }

  /**
   * The binary-API attach check: empty id → the default namespace; unknown id →
   * SESSION_E_INVALID_NS; wrong secret → SESSION_E_WRONG_NS_SECRET. Returns the index (≥ 0) or
   * the error code. The socket API does not call it: the namespace is the socket the app
   * connected to, and the secret is not checked. Models: application.c app_validate_namespace.
   */
  validate (id: string, secret: number): number {
    if (id === '') return 0;
    const ns = this.byId(id);
    if (ns === undefined) return SessionE.INVALID_NS;
    if (ns.secret !== secret) return SessionE.WRONG_NS_SECRET;
    return ns.index;
  }
}
