// VPP's format() primitives: float, integer and field rules that make CLI output byte-exact.
// Expected strings follow the algorithm of src/vppinfra/format.c at HEAD (format_float,
// justify, format_integer, do_percent) and src/vppinfra/format_table.c; each was also checked
// against VPP's own format() built from HEAD.
import { expect } from 'chai';
import {
  formatE, formatF, formatFloat, formatGetVisibleLength, formatInteger, formatTable, justify,
  TableAlign, vppFormat,
} from '../graph/vpp-format.js';

describe('vpp-format: %e (format_float, exponential style)', () => {
  it('truncates the mantissa of values ≥ 1, because rounding adds 0.5·10^-N as an absolute value', () => {
    // 14.69 + 0.005 = 14.695 → normalised 1.4695e1 → two digits after the point: "1.46".
    expect(formatE(14.69, 2)).to.equal('1.46e1');
    // 4765.3 + 0.005 → 4.765305e3 → "4.76" (printf would round to 4.77e+03).
    expect(formatE(4765.3, 2)).to.equal('4.76e3');
    expect(formatE(-14.69, 2)).to.equal('-1.46e1');
  });

  it('distorts values below 1 by the same absolute rounding', () => {
    // 0.00303 + 0.005 = 0.00803 → "8.03e-3".
    expect(formatE(0.00303, 2)).to.equal('8.03e-3');
    // 3.7331e-2 + 0.00005 = 3.7381e-2 (%.4e, VPP's own handoffdemo numbers).
    expect(formatE(3.7331e-2, 4)).to.equal('3.7381e-2');
    // 0.00303 + 0.00005 = 0.00308 at %.4e.
    expect(formatE(0.00303, 4)).to.equal('3.0800e-3');
    // Anything tiny becomes the rounding term itself: 1.5e-12 + 0.005 → "5.00e-3".
    expect(formatE(1.5e-12, 2)).to.equal('5.00e-3');
  });

  it('prints zero as 0.00e0 / 0.0000e0: "0", then the fraction zeros, then e0', () => {
    expect(formatE(0, 2)).to.equal('0.00e0');
    expect(formatE(0, 4)).to.equal('0.0000e0');
    expect(formatE(-0, 2)).to.equal('0.00e0');
  });

  it('writes the exponent with no + sign and no zero padding', () => {
    expect(formatE(2.42e10, 2)).to.equal('2.42e10');
    expect(formatE(123456789, 2)).to.equal('1.23e8');
    expect(formatE(100, 4)).to.equal('1.0000e2');
  });

  it('carries into the exponent when the rounding reaches 10', () => {
    // 9.996 + 0.005 = 10.001 → normalised to 1.0001e1.
    expect(formatE(9.996, 2)).to.equal('1.00e1');
  });

  it('prints NaN as +NaN and infinities with their sign', () => {
    expect(formatE(NaN, 2)).to.equal('+NaN');
    expect(formatE(Infinity, 2)).to.equal('+infinity');
    expect(formatE(-Infinity, 2)).to.equal('-infinity');
  });
});

describe('vpp-format: %f (format_float, fixed style)', () => {
  it('drops the leading zero of values below 1', () => {
    // 0.02 + 0.005 → normalised 2.5e-2: "." then -(expon+1) = 1 zero, then the digit 2.
    expect(formatF(0.02, 2)).to.equal('.02');
    expect(formatF(0.5, 2)).to.equal('.50');
    expect(formatF(-0.5, 2)).to.equal('-.50');
  });

  it('prints exact 0 and anything below half of the last digit as 0.00, without a sign', () => {
    expect(formatF(0, 2)).to.equal('0.00');
    // 0.004 + 0.005 = 0.009: exponent -3 leaves no digit in 2 decimals → "0" + ".00".
    expect(formatF(0.004, 2)).to.equal('0.00');
    expect(formatF(-0.004, 2)).to.equal('0.00');
    // %.1f of 0.04: 0.04 + 0.05 = 0.09, exponent -2 → "0.0".
    expect(formatF(0.04, 1)).to.equal('0.0');
  });

  it('rounds half up in fixed style, where the absolute rounding is the right one', () => {
    expect(formatF(14 / 3, 2)).to.equal('4.67');
    expect(formatF(9.996, 2)).to.equal('10.00');
    expect(formatF(2.5, 0)).to.equal('3');
  });

  it('prints 6 decimals when %f has no precision (VPP ≥ v26.06)', () => {
    expect(formatF(10)).to.equal('10.000000');
    expect(vppFormat('%f', 10)).to.equal('10.000000');
    expect(vppFormat('%f', 0.1)).to.equal('.100000');
  });

  it('switches %g to exponential style outside exponents (-10, 10)', () => {
    expect(formatFloat(123.456, 'g', 3)).to.equal('123.456');
    expect(formatFloat(1.5e12, 'g', 2)).to.equal('1.50e12');
  });
});

describe('vpp-format: field width and justification (justify)', () => {
  it('truncates a value longer than the field, whatever the justification', () => {
    expect(justify('interrupt wait', 12, '=')).to.equal('interrupt wa');
    expect(justify('interrupt wait', 12, '-')).to.equal('interrupt wa');
    expect(justify('interrupt wait', 12, '+')).to.equal('interrupt wa');
    expect(vppFormat('%=12s', 'interrupt wait')).to.equal('interrupt wa');
    expect(vppFormat('%-30v', 'ip6-icmp-neighbor-discovery-event')).to.equal('ip6-icmp-neighbor-discovery-ev');
  });

  it('centres with the odd extra space on the left', () => {
    // 12 - 7 = 5 pads: n/2 = 2 right, 3 left.
    expect(justify('polling', 12, '=')).to.equal('   polling  ');
    expect(vppFormat('%=12s', '"running"')).to.equal('  "running" ');
    expect(vppFormat('%=12s', '"yield"')).to.equal('   "yield"  ');
    // Even pad splits evenly.
    expect(vppFormat('%=12s', '"any wait"')).to.equal(' "any wait" ');
  });

  it('pads left for %-Ns and right for %Ns and %+Ns', () => {
    expect(vppFormat('%-8s|', 'abc')).to.equal('abc     |');
    expect(vppFormat('%8s|', 'abc')).to.equal('     abc|');
    expect(vppFormat('%+8s|', 'abc')).to.equal('     abc|');
  });

  it('leaves a value unchanged when the directive has no width', () => {
    expect(justify('abc', 0, '=')).to.equal('abc');
    expect(vppFormat('[%s]', 'abc')).to.equal('[abc]');
  });

  it('pads with zeros after a leading 0, even around a sign or on the right', () => {
    expect(vppFormat('%05d', -3)).to.equal('000-3');
    expect(vppFormat('%-05d', 42)).to.equal('42000');
  });

  it('cuts %.Ns to N characters before justifying', () => {
    expect(vppFormat('%.3s', 'interrupt')).to.equal('int');
    expect(vppFormat('%=7.3s', 'interrupt')).to.equal('  int  ');
  });
});

describe('vpp-format: integers (format_integer)', () => {
  it('prints %Ld and %llu as plain 64-bit decimals', () => {
    expect(vppFormat('%16Ld', 114300000)).to.equal('       114300000');
    expect(vppFormat('%llu', 2n ** 63n)).to.equal('9223372036854775808');
    expect(vppFormat('%Ld', -123456789012)).to.equal('-123456789012');
  });

  it('reads %d and %u as a 32-bit int, as va_arg(int) does', () => {
    expect(vppFormat('%u', -1)).to.equal('4294967295');
    expect(vppFormat('%d', 2 ** 32 + 5)).to.equal('5');
    expect(vppFormat('%d', 2 ** 31)).to.equal('-2147483648');
    expect(formatInteger(-(2 ** 31), { signed: true, bits: 32 })).to.equal('-2147483648');
  });

  it('prints hex and octal without prefixes', () => {
    expect(vppFormat('%x %X %o', 255, 255, 8)).to.equal('ff FF 10');
  });

  it('truncates fractions toward zero', () => {
    expect(formatInteger(7.9, { signed: true, bits: 64 })).to.equal('7');
    expect(formatInteger(-7.9, { signed: true, bits: 64 })).to.equal('-7');
  });
});

describe('vpp-format: vppFormat directives (do_percent)', () => {
  it('formats a show runtime row from its VPP format string', () => {
    // %-30v name, %=12s state, 3 × %16Ld, %16.2e of 14690 (truncated to 1.46e4), %16.2f of 14/3.
    expect(vppFormat('%-30v%=12s%16Ld%16Ld%16Ld%16.2e%16.2f', 'ip4-lookup', 'active', 3, 14, 0, 14690, 14 / 3))
      .to.equal('ip4-lookup                       active                  3              14               0          1.46e4            4.67');
  });

  it('prints %% as % and %S with underscores as spaces', () => {
    expect(vppFormat('100%% %S', 'one_time_event')).to.equal('100% one time event');
  });

  it('takes a * width from the arguments', () => {
    expect(vppFormat('%*d|', 5, 42)).to.equal('   42|');
  });

  it('throws on a directive vppsim does not model, naming it', () => {
    expect(() => vppFormat('%U', 'x')).to.throw(RangeError, /unsupported directive %U/);
  });

  it('throws when an argument has the wrong kind', () => {
    expect(() => vppFormat('%s', 1)).to.throw(TypeError, /%s needs a string/);
    expect(() => vppFormat('%d', 'x')).to.throw(TypeError, /%d needs a number/);
  });
});

describe('vpp-format: format_table', () => {
  it('centres headers with the odd extra space on the right, unlike %=', () => {
    // Column widths: 2 ("10"), 16, 4. "Name" in 16: (16-4)/2 = 6 left, 6 right; "ID" fits;
    // "LWP" in 4: 0 left, 1 right. Body: right-aligned unless the cell says Left.
    const s = formatTable({
      header: ['ID', 'Name', 'LWP'],
      rows: [['10', { text: 'vpp_wk_long_name', align: TableAlign.Left }, '4243'],
        ['0', { text: 'vpp_main', align: TableAlign.Left }, '1']],
    });
    expect(s).to.equal(['ID       Name       LWP ', '10 vpp_wk_long_name 4243', ' 0 vpp_main            1'].join('\n'));
  });

  it('gives each column the width of its widest cell and fills short rows with empty cells', () => {
    const s = formatTable({ header: ['A', 'B'], rows: [['xyz']] });
    expect(s).to.equal(' A  B\nxyz  ');
  });

  it('does not count ANSI escape sequences in a cell\'s width', () => {
    expect(formatGetVisibleLength('\x1b[33mID\x1b[0m')).to.equal(2);
  });
});
