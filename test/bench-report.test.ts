// Report text (src/bench/report-format.ts): aligned markdown tables, RFC 4180 CSV, numbers with
// readable units.

import { expect } from 'chai';
import { formatCell, formatSi, markdownTable, toCsv, unitScale } from '../src/bench/report-format.js';

describe('bench report: markdownTable', () => {
  it('pads every column to one width, numbers right-aligned and text left-aligned by default', () => {
    const md = markdownTable(['mode', 'msg/s', 'rate'], [['polling', 1250000, '1.25 M msg/s'], ['adaptive', 980, '980 msg/s']]);
    expect(md).to.equal([
      '| mode     |   msg/s |         rate |',
      '| -------- | ------: | -----------: |',
      '| polling  | 1250000 | 1.25 M msg/s |',
      '| adaptive |     980 |    980 msg/s |',
      '',
    ].join('\n'));
  });

  it('right-aligns a column of numeric text ("1.25 M msg/s", "12 %"), leaving empty cells out of the decision', () => {
    const md = markdownTable(['a', 'b'], [['1.25 M msg/s', '12 %'], ['980 msg/s', null]]);
    expect(md.split('\n')[1]).to.equal('| -----------: | ---: |');
    expect(md.split('\n')[3]).to.equal('|    980 msg/s |      |');
  });

  it('follows the alignment it is given, centre included', () => {
    const md = markdownTable(['name', 'n'], [['x', 5]], ['center', 'left']);
    expect(md.split('\n')).to.deep.equal(['| name | n   |', '| :--: | --- |', '|  x   | 5   |', '']);
  });

  it('escapes pipes and folds line breaks, and fills short rows', () => {
    const md = markdownTable(['a', 'b'], [['x|y\nz']]);
    expect(md.split('\n')[2]).to.equal('| x\\|y z |     |');
  });

  it('formats numbers: integers in full, others to 4 significant digits, non-finite as n/a', () => {
    expect([formatCell(42), formatCell(3.14159), formatCell(0.5), formatCell(12345.6), formatCell(Number.NaN), formatCell(null)])
      .to.deep.equal(['42', '3.142', '0.5', '12346', 'n/a', '']);
  });
});

describe('bench report: toCsv', () => {
  it('quotes fields with commas, quotes or line breaks (quotes doubled) and ends every record with CRLF', () => {
    const csv = toCsv(['mode', 'note', 'msgs/s'], [['polling', 'a, b', 1.5e6], ['adaptive', 'say "hi"', 980], ['x', 'two\nlines', null], ['cr', 'a\rb', Number.NaN]]);
    expect(csv).to.equal([
      'mode,note,msgs/s',
      'polling,"a, b",1500000',
      'adaptive,"say ""hi""",980',
      'x,"two\nlines",',
      'cr,"a\rb",',
      '',
    ].join('\r\n'));
  });

  it('quotes a header that needs it and writes numbers in full', () => {
    expect(toCsv(['rate, msg/s'], [[0.1 + 0.2]])).to.equal('"rate, msg/s"\r\n0.30000000000000004\r\n');
  });
});

describe('bench report: formatSi', () => {
  it('scales rates by SI prefixes with the unit after a space', () => {
    expect(formatSi(1.25e6, 'msg/s')).to.equal('1.25 M msg/s');
    expect(formatSi(980, 'msg/s')).to.equal('980 msg/s');
    expect(formatSi(12_345, 'msg/s')).to.equal('12.3 k msg/s');
    expect(formatSi(2.5e9, 'pps')).to.equal('2.5 G pps');
    expect(formatSi(0.5, 'msg/s'), 'never below 1').to.equal('0.5 msg/s');
    expect(formatSi(1234, '')).to.equal('1.23 k');
  });

  it('joins the prefix to byte and hertz symbols', () => {
    expect(formatSi(1.5e6, 'B')).to.equal('1.5 MB');
    expect(formatSi(3e9, 'Hz')).to.equal('3 GHz');
  });

  it('moves ns up to µs, ms and s, and other time units both ways', () => {
    expect(formatSi(850, 'ns')).to.equal('850 ns');
    expect(formatSi(1500, 'ns')).to.equal('1.5 µs');
    expect(formatSi(2.5e7, 'ns')).to.equal('25 ms');
    expect(formatSi(3.2e9, 'ns')).to.equal('3.2 s');
    expect(formatSi(0.0005, 's')).to.equal('500 µs');
    expect(formatSi(0.25, 'us')).to.equal('250 ns');
    expect(formatSi(0.2, 'ns'), 'nothing below ns').to.equal('0.2 ns');
  });

  it('moves to the next prefix when rounding reaches it, keeps signs, and says n/a for non-finite', () => {
    expect(formatSi(999.7, 'ns')).to.equal('1 µs');
    expect(formatSi(999_950, 'msg/s')).to.equal('1 M msg/s');
    expect(formatSi(-1500, 'ns')).to.equal('-1.5 µs');
    expect(formatSi(0, 'ns')).to.equal('0 ns');
    expect(formatSi(Number.POSITIVE_INFINITY, 'ns')).to.equal('n/a');
  });

  it('takes the significant digits and keeps zeros on request', () => {
    expect(formatSi(1e6, 'msg/s', { keepZeros: true })).to.equal('1.00 M msg/s');
    expect(formatSi(1.23456e6, 'msg/s', { digits: 5 })).to.equal('1.2346 M msg/s');
  });

  it('gives one scale for an axis: divisor and prefixed unit', () => {
    expect(unitScale(2e7, 'msg/s')).to.deep.equal({ divisor: 1e6, unit: 'M msg/s' });
    expect(unitScale(3e6, 'ns')).to.deep.equal({ divisor: 1e6, unit: 'ms' });
    expect(unitScale(10, 'ns')).to.deep.equal({ divisor: 1, unit: 'ns' });
  });
});
