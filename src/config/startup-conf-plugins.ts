// src/config/startup-conf-plugins.ts: which stanza names VPP HEAD knows, and the `plugins { }`
// stanza that decides the plugin ones. VPP reads `plugins` first, loads plugins, and only then
// looks the other stanza names up, so `dpdk { }` is unknown when dpdk_plugin.so is disabled.
// Models: src/vlib/unix/plugin.c vlib_plugin_config, config_one_plugin and the enable rules of
// find_plugin_load_order_constraints; the name table comes from every VLIB_CONFIG_FUNCTION /
// VLIB_EARLY_CONFIG_FUNCTION at HEAD.

import { ConfigError } from '../errors.js';
import { type SourceMap, type Stanza, type StanzaSplit } from './startup-conf-lexer.js';
import type { PluginConfigEntry, PluginsConfig } from './startup-config-types.js';
import { SourceString, UnformatInput, formatUnformatError, inputAt, stringAt, unformat } from './unformat.js';
import { unformatVlibCliSubInput } from './unformat-values.js';

/**
 * Stanza names registered by the vpp binary and its core libraries at HEAD, with the source
 * that registers each. `early` ones run before the main loop starts (VLIB_EARLY_CONFIG_FUNCTION).
 */
export const CORE_STANZAS: Readonly<Record<string, { readonly source: string; readonly early: boolean }>> = {
  'unix': { source: 'src/vlib/unix/main.c unix_config', early: true },
  'cpu': { source: 'src/vlib/threads.c cpu_config', early: true },
  'buffers': { source: 'src/vlib/buffer.c vlib_buffers_configure', early: true },
  'logging': { source: 'src/vlib/log.c log_config', early: true },
  'vlib': { source: 'src/vlib/main.c vlib_main_configure', early: true },
  'physmem': { source: 'src/vlib/physmem.c vlib_physmem_config', early: true },
  'statseg': { source: 'src/vlib/stats/init.c statseg_config', early: true },
  'api-segment': { source: 'src/vpp/api/api.c api_segment_config', early: true },
  'crypto-engines': { source: 'src/vnet/crypto/config.c crypto_engines_config', early: true },
  'ip': { source: 'src/vnet/fib/ip4_fib.c ip_config', early: true },
  'ip6': { source: 'src/vnet/fib/ip6_fib.c ip6_config', early: true },
  'mpls': { source: 'src/vnet/fib/mpls_fib.c mpls_config', early: true },
  'sfdp': { source: 'src/vnet/sfdp/sfdp.c sfdp_config', early: true },
  'node': { source: 'src/vlib/node_init.c vlib_node_config', early: false },
  'trace': { source: 'src/vlib/trace.c trace_config', early: false },
  'unix-cli': { source: 'src/vlib/unix/cli.c unix_cli_config', early: false },
  'plugins': { source: 'src/vlib/unix/plugin.c plugins_config', early: false },
  'socksvr': { source: 'src/vlibmemory/socket_api.c socksvr_config', early: false },
  'api-trace': { source: 'src/vlibmemory/vlib_api_cli.c api_trace_config_fn', early: false },
  'api-queue': { source: 'src/vlibmemory/vlib_api_cli.c api_queue_config_fn', early: false },
  'devices': { source: 'src/vnet/dev/config.c devices_config', early: false },
  'ethernet': { source: 'src/vnet/ethernet/interface.c ethernet_config', early: false },
  'interface': { source: 'src/vnet/interface.c vnet_interface_config', early: false },
  'l3fib': { source: 'src/vnet/ip/ip_init.c ip_config_init', early: false },
  'punt': { source: 'src/vnet/ip/punt.c punt_config', early: false },
  'ipsec': { source: 'src/vnet/ipsec/ipsec.c ipsec_config', early: false },
  'l2fib': { source: 'src/vnet/l2/l2_fib.c lfib_config', early: false },
  'l2learn': { source: 'src/vnet/l2/l2_learn.c l2learn_config', early: false },
  'session': { source: 'src/vnet/session/session_cli.c session_config_fn', early: false },
  'tcp': { source: 'src/vnet/tcp/tcp_cli.c tcp_config_fn', early: false },
  'tls': { source: 'src/vnet/tls/tls.c tls_config_fn', early: false },
  'udp': { source: 'src/vnet/udp/udp_cli.c udp_config_fn', early: false },
  'tuntap': { source: 'src/vnet/unix/tuntap.c tuntap_config', early: false },
  'memory': { source: 'src/vpp/vnet/main.c memory_config (parsed in main())', early: false },
  'plugin_path': { source: 'src/vpp/vnet/main.c plugin_path_config', early: false },
  'test_plugin_path': { source: 'src/vpp/vnet/main.c test_plugin_path_config', early: false },
};

/**
 * Stanza names registered by plugins at HEAD, with the plugin files that bring them. `linux-cp`
 * lives in liblcp, which any of the three linux-cp plugins loads.
 */
export const PLUGIN_STANZAS: Readonly<Record<string, readonly string[]>> = {
  'acl-plugin': ['acl_plugin.so'],
  'api-fuzz': ['unittest_plugin.so'],
  'cnat': ['cnat_plugin.so'],
  'crypto_sw_scheduler': ['crypto_sw_scheduler_plugin.so'],
  'ct6': ['ct6_plugin.so'],
  'dns': ['dns_plugin.so'],
  'dpdk': ['dpdk_plugin.so'],
  'dsa': ['dma_intel_plugin.so'],
  'dslite': ['dslite_plugin.so'],
  'fateshare': ['fateshare_plugin.so'],
  'http': ['http_plugin.so'],
  'l2tp': ['l2tp_plugin.so'],
  'linux-cp': ['linux_cp_plugin.so', 'linux_nl_plugin.so', 'linux_cp_unittest_plugin.so'],
  'linux-nl': ['linux_nl_plugin.so'],
  'mactime': ['mactime_plugin.so'],
  'npol-plugin': ['npol_plugin.so'],
  'nsim': ['nsim_plugin.so'],
  'pvti': ['pvti_plugin.so'],
  'quic': ['quic_plugin.so'],
  'selog': ['selog_plugin.so'],
  'test-proxy': ['hs_apps_plugin.so'],
  'vhost-user': ['vhost_plugin.so'],
};

/**
 * Plugins registered with `.default_disabled = 1` at HEAD, among those that bring a stanza:
 * they load only when enabled by name.
 */
export const DEFAULT_DISABLED_PLUGINS: ReadonlySet<string> = new Set([
  'fateshare_plugin.so',
  'linux_cp_plugin.so',
  'linux_nl_plugin.so',
  'linux_cp_unittest_plugin.so',
  'unittest_plugin.so',
]);

/** Body of all stanzas with one name, joined by a blank as VPP does (an empty body adds nothing). */
export function mergeStanzaBodies (values: readonly SourceString[], endPos: number): UnformatInput {
  let text = '';
  const pos: number[] = [];
  for (const v of values) {
    if (text.length > 0) { text += ' '; pos.push(v.startPos); }
    text += v.text;
    for (const p of v.pos) pos.push(p);
  }
  return new UnformatInput(text, pos, values.at(-1)?.endPos ?? endPos);
}

/**
 * Reads the `plugins` stanzas as VPP does before loading plugins. A split failure (a last word
 * with no value) is reported as "vlib_plugin_config: unknown input '…'" — unless a later
 * `plugin NAME { … }` entry parses, since VPP then overwrites the pending error with that entry's
 * result (a quirk: the failure then surfaces as an unknown stanza instead).
 * Models: src/vlib/unix/plugin.c vlib_plugin_config, config_one_plugin.
 */
export function configurePlugins (split: StanzaSplit, map: SourceMap): PluginsConfig {
  let error: ConfigError | null = null;
  if (split.failure !== null) {
    error = new ConfigError(`vlib_plugin_config: unknown input '${split.failure.context}'`, map.where(split.failure.offset));
  }
  const bodies = split.stanzas.filter((s: Stanza) => s.name.text === 'plugins').map((s) => s.value);
  const input = mergeStanzaBodies(bodies, map.text.length);

  let defaultDisabled = false;
  let nameFilter: string | null = null;
  const entries = new Map<string, PluginConfigEntry>();

  while (!input.atEnd()) {
    let m;
    if (unformat(input, 'path %s').ok || unformat(input, 'add-path %s').ok) continue;
    if ((m = unformat(input, 'name-filter %s')).ok) { nameFilter = stringAt(m, 0).text; continue; }
    if (unformat(input, 'vat-path %s').ok || unformat(input, 'vat-name-filter %s').ok) continue;
    if ((m = unformat(input, 'plugin default %U', unformatVlibCliSubInput)).ok) {
      defaultDisabled = unformat(inputAt(m, 0), 'disable').ok;
      continue;
    }
    if ((m = unformat(input, 'plugin %s %U', unformatVlibCliSubInput)).ok) {
      error = configOnePlugin(stringAt(m, 0), inputAt(m, 1), entries, map);
      if (error !== null) break;
      continue;
    }
    error = new ConfigError(`vlib_plugin_config: unknown input '${formatUnformatError(input)}'`, map.where(input.errorPos()));
    break;
  }
  if (error !== null) throw error;
  return { defaultDisabled, nameFilter, plugins: [...entries.values()] };
}

/** One `plugin NAME { enable | disable | skip-version-check }`; returns VPP's error or null. */
function configOnePlugin (
  name: SourceString,
  body: UnformatInput,
  entries: Map<string, PluginConfigEntry>,
  map: SourceMap,
): ConfigError | null {
  const at = name.startPos;
  if (entries.has(name.text)) return new ConfigError(`config_one_plugin: plugin '${name.text}' already configured`, map.where(at));
  let enable = false;
  let disable = false;
  let skipVersionCheck = false;
  while (!body.atEnd()) {
    if (unformat(body, 'enable').ok) enable = true;
    else if (unformat(body, 'disable').ok) disable = true;
    else if (unformat(body, 'skip-version-check').ok) skipVersionCheck = true;
    else return new ConfigError(`config_one_plugin: unknown input '${formatUnformatError(body)}'`, map.where(body.errorPos()));
  }
  if (enable && disable) {
    return new ConfigError(`config_one_plugin: please specify either enable or disable for plugin '${name.text}'`, map.where(at));
  }
  entries.set(name.text, { name: name.text, enable, disable, skipVersionCheck });
  return null;
}

/**
 * Whether VPP loads a plugin file, assuming a full build with every plugin of the tree
 * installed. Models: src/vlib/unix/plugin.c load_plugins (name filter) and
 * find_plugin_load_order_constraints (enable / disable / default_disabled rules).
 */
export function isPluginLoaded (plugins: PluginsConfig, file: string): boolean {
  if (plugins.nameFilter !== null && file !== plugins.nameFilter) return false;
  const defaultDisabled = plugins.defaultDisabled || DEFAULT_DISABLED_PLUGINS.has(file);
  const pc = plugins.plugins.find((p) => p.name === file);
  if (pc !== undefined) return !pc.disable && !(defaultDisabled && !pc.enable);
  return !defaultDisabled;
}

/** Whether VPP knows a stanza name with these plugins loaded: `core`, `plugin`, or null (unknown). */
export function stanzaKind (name: string, plugins: PluginsConfig): 'core' | 'plugin' | null {
  if (Object.hasOwn(CORE_STANZAS, name)) return 'core';
  const files = Object.hasOwn(PLUGIN_STANZAS, name) ? PLUGIN_STANZAS[name] : undefined;
  if (files !== undefined && files.some((f) => isPluginLoaded(plugins, f))) return 'plugin';
  return null;
}
