// src/config/cli-vpp-tree.ts: the part of VPP's debug-CLI command tree that vppsim walks.
//
// VPP matches each word of a command against the *sibling* names registered below the path so far
// (src/vlib/cli.c vlib_cli_sub_command_match), so whether `sh`, `show r` or `test echo client` is
// unique depends on every command VPP registers at that level, simulated or not. This table holds,
// for each path vppsim descends into, all the child words VPP registers there: the `.path` of
// every VLIB_CLI_COMMAND in src/ at HEAD and at v26.02 (where `test echo` lives), all plugins
// loaded, as VPP does by default. Paths not listed here are leaves vppsim either parses
// (cli-commands.ts) or refuses as not simulated.

/** One path of VPP's command tree (VPP: `vlib_cli_command_t`). */
export interface CliTreeEntry {
  /** Words VPP registers directly below this path (`sub_commands[].name`). */
  readonly children: readonly string[];
  /** Whether VPP registers a function at this path (`c->function`), besides sub-commands. */
  readonly hasFunction: boolean;
}

const words = (s: string): readonly string[] => Object.freeze(s.trim().split(/\s+/));

/** Root words: the first word of every registered path (HEAD ∪ v26.02). */
const ROOT = words(`
  abf adjacency adl api app arping auto-sdl bar bfd bier binary-api bond buffer bvi cdp classify clear
  cnat configure create debug define delete det44 device dhcp6 disable dns dpdk dslite dump echo
  enable event-logger exec exit fateshare flow flowprobe gpe history hsi http igmp ikev2 ila interface
  ip ip6 ipfix ipsec kill l2 l2fib l3xc lb lcp lisp loopback mactime map memory-trace monitor mpls nat
  nat44 nat64 nat66 npol nsim oddbuf one p2p_ethernet packet-generator pcap perfmon ping pipe policer
  prom proxy-lite punt pvti q qos quic quit renumber restart sample sasc save selog session set sfdp
  sflow show snort soft-rss sr srp stn suspend svs tcp test test-url-handler tls trace tracenode udp
  udp-echo undefine vperf vrrp wait wireguard zap`);

/** Words below `show`. */
const SHOW = words(`
  abf acl-plugin adj api app arp auto-sdl bfd bier bihash bond bpf bridge-domain buffer buffers cdp
  classify cli cli-sessions clock cnat cpu crypto cryptodev det44 device dhcp dhcp6 dhcpv6 dma dns
  dpdk dpo dslite errors event-logger features fib files flow flowprobe frame-queue gdb geneve gpe
  graph gre gtpu handoff hardware-interfaces hash hsi http igmp ikev2 ila inacl init-function
  interface ioam ioam-trace ip ip4 ip4-full-reassembly ip4-sv-reassembly ip6 ip6-full-reassembly
  ip6-ll ip6-sv-reassembly ipip ipsec l2 l2fib l2patch l2tpv3 l2xcrw l3xc lacp lb lcp lisp lldp
  load-balance load-balance-map logging lookup-dpo macro mactime map mc memif memory mfib mode mpls
  nat nat44 nat64 nat66 node npol npt66 nsh nsim one outacl packet-generator pcap pci perfmon physmem
  plugins pnat policer pot pppoe proxy-lite punt pvti qos quic replicate runtime sasc segment-manager
  session sfdp sflow snort soft-rss sr statistics stn svs sw_scheduler syslog tap tcp teib terminal
  test threads trace tun udp udp-ping unix version vhost-user virtio vlib vmxnet3 vrrp vxlan vxlan-gpe
  wireguard`);

/** Words below `clear`. */
const CLEAR = words(`
  acl-plugin api buffer errors fib handoff hardware-interfaces http igmp interface interfaces ioam
  ioam-trace ipsec l2fib l2tp logging mactime mc nat44 node pot runtime sasc session sr tcp trace
  vxlan-gpe-ioam`);

/** Words below `test`. */
const TEST = words(`
  alpn api auto-sdl bier bihash bitmap buffer chained-buffer-linearization classify cnat counter crash
  crypto dma dns dpdk echo elog fib fib-walk-process flow format-vlib frame-queue gso hash hash_memory
  http igmp interface ip ip6 ipsec ipsec_spd_outbound_perf ipv4-5tuple-bench l2fib l2patch lb lcp
  link-speed lisp llist log lt2p mc mem-leak membulk mfib node one phc policing pool proxy punt rbtree
  rdma sasc segment-manager session sfdp sleep sparse_vec stats string svm syslog tcp time time-range
  tls udp vlib vlib2 vmxnet3`);

const LEAF: CliTreeEntry = Object.freeze({ children: Object.freeze([]), hasFunction: true });
const inner = (children: readonly string[], hasFunction = false): CliTreeEntry => Object.freeze({ children, hasFunction });

/**
 * The paths vppsim walks, keyed by normalized path ('' is the root). An inner path lists all its
 * VPP children; a leaf is a command vppsim parses. Sources: `show session` sub-commands from
 * src/vnet/session/session_cli.c and session_lookup.c; `show app` from application.c,
 * application_namespace.c, application_crypto.c; `session` (a command that also has
 * sub-commands) from session_cli.c and session_sdl.c; `test echo` from
 * v26.02 src/plugins/hs_apps/echo_{client,server}.c; `vperf` from
 * src/plugins/vperf/builtin/vperf_cli.c.
 */
export const VPP_CLI_TREE: ReadonlyMap<string, CliTreeEntry> = new Map<string, CliTreeEntry>([
  ['', inner(ROOT)],
  ['show', inner(SHOW)],
  ['clear', inner(CLEAR)],
  ['test', inner(TEST)],
  ['test echo', inner(words('clients server'))],
  ['app', inner(words('crypto evt-collector ns'))],
  ['session', inner(words('debug replay rule sdl'), /* hasFunction */ true)],
  ['vperf', inner(words('client server'))],
  ['show session', inner(words('dbg fifo lookup rules sdl stats'), /* hasFunction */ true)],
  ['show app', inner(words('certificate evt-collector ns tls-profile'), /* hasFunction */ true)],
  ['show runtime', LEAF],
  ['show threads', LEAF],
  ['show errors', LEAF],
  ['show event-logger', LEAF],
  ['show session stats', LEAF],
  ['show app ns', LEAF],
  ['clear runtime', LEAF],
  ['app ns', LEAF],
  ['test echo clients', LEAF],
  ['test echo server', LEAF],
  ['vperf client', LEAF],
  ['vperf server', LEAF],
  ['wait', LEAF],
  ['define', LEAF],
  ['undefine', LEAF],
]);

/** The path of `word` below `parent` (VPP joins path words with one blank). */
export function childPath (parent: string, word: string): string {
  return parent === '' ? word : `${parent} ${word}`;
}
