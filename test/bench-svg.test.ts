// lineChartSvg (src/bench/svg-plot.ts): a well-formed, deterministic SVG with its title, axes,
// series and legend; gaps for missing points; text escaped for XML.

import { expect } from 'chai';
import { escapeXml, type LineChartSpec, lineChartSvg } from '../src/bench/svg-plot.js';

/** Tag balance: every open tag closed in order, self-closing tags stand alone. Returns the problem or ''. */
function tagBalance (xml: string): string {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m as unknown as [string, string, string, string, string];
    if (self === '/') continue;
    if (close === '') { stack.push(name); continue; }
    const open = stack.pop();
    if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
  }
  if (stack.length > 0) return `unclosed <${stack.join('>, <')}>`;
  const stray = xml.replace(/<[^<>]*>/g, '').match(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
  return stray === null ? '' : `stray ${stray[0]} in text`;
}

const modes: LineChartSpec = {
  title: 'echo round trip by mode',
  x: { kind: 'category', label: 'offered load', categories: ['idle', '1k', '10k', '100k', 'max'] },
  y: { label: 'round trip p50', unit: 'ns' },
  series: [
    { name: 'polling', y: [12_000, 13_000, 15_000, 40_000, 900_000] },
    { name: 'rx-mqs-polling', y: [50_000, 41_000, 30_000, 45_000, 1_200_000] },
    { name: 'adaptive', y: [80_000, 70_000, 60_000, 50_000, 1_000_000] },
  ],
};

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);

describe('bench svg: lineChartSvg', () => {
  it('is well-formed: one svg element, every tag balanced, no stray markup', () => {
    const svg = lineChartSvg(modes);
    expect(tagBalance(svg)).to.equal('');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    expect(svg.match(/<svg /g)).to.have.length(1);
  });

  it('shows the title, the category labels, both axis labels with the unit, and every series name in the legend', () => {
    const t = texts(lineChartSvg(modes));
    expect(t).to.include('echo round trip by mode');
    for (const c of ['idle', '1k', '10k', '100k', 'max']) expect(t).to.include(c);
    expect(t).to.include('offered load');
    expect(t, 'ticks reach 1.2 ms: the y unit scales to ms').to.include('round trip p50 (ms)');
    for (const s of modes.series) expect(t).to.include(s.name);
  });

  it('gives every series its own colour and dash pattern, and a marker per point', () => {
    const svg = lineChartSvg(modes);
    const lines = [...svg.matchAll(/<polyline points="[^"]*" fill="none" stroke="([^"]+)" stroke-width="2"(?: stroke-dasharray="([^"]+)")?\/>/g)];
    expect(lines).to.have.length(3);
    expect(new Set(lines.map((m) => m[1])).size).to.equal(3);
    expect(new Set(lines.map((m) => m[2] ?? 'solid')).size).to.equal(3);
    const groups = svg.split('<g class="series"').slice(1).map((g) => g.slice(0, g.indexOf('</g>')));
    expect(groups.map((g) => (g.match(/<(circle|rect|path) /g) ?? []).length)).to.deep.equal([5, 5, 5]);
  });

  it('gives the same bytes for the same spec', () => {
    const a = lineChartSvg(modes);
    const b = lineChartSvg(JSON.parse(JSON.stringify(modes)) as LineChartSpec);
    expect(a).to.equal(b);
  });

  it('leaves a gap at a null point: two line pieces, no marker there', () => {
    const svg = lineChartSvg({ ...modes, series: [{ name: 'gappy', y: [1, 2, null, 4, 5] }] });
    expect(svg.match(/<polyline /g)).to.have.length(2);
    const group = svg.slice(svg.indexOf('<g class="series"'), svg.indexOf('</g>', svg.indexOf('<g class="series"')));
    expect(group.match(/<circle /g)).to.have.length(4);
  });

  it('draws a lone point between gaps as a marker only', () => {
    const svg = lineChartSvg({ ...modes, series: [{ name: 'lone', y: [null, 3, null, null, null] }] });
    expect(svg.match(/<polyline /g)).to.equal(null);
    expect(svg.match(/<circle /g)).to.have.length(2, 'the point and its legend marker');
  });

  it('escapes text for XML in the title, labels, categories and series names', () => {
    const svg = lineChartSvg({
      title: 'a < b & "c"',
      x: { kind: 'category', label: "x's <load>", categories: ['<1k>', 'a&b'] },
      y: { label: 'y & z', unit: 'msg/s' },
      series: [{ name: '"quoted" <name>', y: [1, 2] }],
    });
    expect(tagBalance(svg)).to.equal('');
    expect(svg).to.include('a &lt; b &amp; &quot;c&quot;');
    expect(svg).to.include('x&apos;s &lt;load&gt;');
    expect(svg).to.include('&lt;1k&gt;');
    expect(svg).to.include('a&amp;b');
    expect(svg).to.include('data-name="&quot;quoted&quot; &lt;name&gt;"');
    expect(svg).to.not.include('<name>');
    expect(escapeXml(`<&>"'`)).to.equal('&lt;&amp;&gt;&quot;&apos;');
  });

  it('labels a log y axis by decades with the unit on each tick, and drops values ≤ 0 as gaps', () => {
    const svg = lineChartSvg({ ...modes, y: { label: 'latency', unit: 'ns', scale: 'log' }, series: [{ name: 's', y: [100, 0, 10_000, -5, 1e6] }] });
    const t = texts(svg);
    for (const tick of ['100 ns', '1 µs', '10 µs', '100 µs', '1 ms']) expect(t).to.include(tick);
    expect(t).to.include('latency (ns, log scale)');
    expect(svg.match(/<polyline /g), 'three isolated points, no lines').to.equal(null);
  });

  it('places a numeric log x axis by decades and a linear y axis with nice ticks from 0', () => {
    const svg = lineChartSvg({
      title: 'throughput', x: { kind: 'log', label: 'offered', unit: 'msg/s', values: [1e3, 1e4, 1e5, 1e6] },
      y: { label: 'throughput', unit: 'msg/s' }, series: [{ name: 'a', y: [1e3, 1e4, 9e4, 7.3e5] }],
    });
    const t = texts(svg);
    for (const tick of ['1 k', '10 k', '100 k', '1 M']) expect(t).to.include(tick);
    expect(t).to.include('offered (msg/s, log scale)');
    expect(t).to.include('throughput (k msg/s)');
    for (const tick of ['0', '200', '400', '600', '800']) expect(t).to.include(tick);
  });

  it('rejects a series whose length differs from the x axis, naming it', () => {
    expect(() => lineChartSvg({ ...modes, series: [{ name: 'short', y: [1, 2] }] }))
      .to.throw(RangeError, 'spec.series "short" has 2 values for 5 x points');
    expect(() => lineChartSvg({ ...modes, x: { kind: 'log', label: 'x', values: [0, 1, 2, 3, 4] } }))
      .to.throw(RangeError, 'spec.x.values: 0 cannot sit on a log axis');
  });
});
