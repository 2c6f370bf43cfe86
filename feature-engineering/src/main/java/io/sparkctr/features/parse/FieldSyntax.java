package io.sparkctr.features.parse;

/**
 * The accepted syntax of field values, stricter than Java's parsers: {@link Double#parseDouble}
 * also takes {@code 1d}, {@code 0x1p3}, {@code NaN}, {@code Infinity} and surrounding whitespace
 * (NUL included), and {@link Long#parseLong} takes {@code +5} and non-ASCII digits.
 *
 * <ul>
 *   <li>decimal: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, ASCII digits,
 *       nothing around it, and finite as a double (e.g. {@code 3}, {@code -2.5}, {@code .5},
 *       {@code 5.}, {@code 1e-5}, {@code +4E2});</li>
 *   <li>integer: {@code -? digits}, ASCII digits only.</li>
 * </ul>
 */
public final class FieldSyntax {
  private FieldSyntax() {}

  /** The value of a plain decimal, or NaN when {@code s} is not one (or overflows to infinity). */
  public static double decimal(String s) {
    if (!isDecimal(s)) {
      return Double.NaN;
    }
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? Double.NaN : d;
  }

  /** Whether {@code s} has the plain decimal syntax (finiteness not checked). */
  public static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int intDigits = digits(s, i);
    i += intDigits;
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      fracDigits = digits(s, i);
      i += fracDigits;
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = digits(s, i);
      if (expDigits == 0) {
        return false;
      }
      i += expDigits;
    }
    return i == n;
  }

  /** Whether {@code s} is an optionally negative run of ASCII digits. */
  public static boolean isInteger(String s) {
    int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
    int d = digits(s, start);
    return d > 0 && start + d == s.length();
  }

  /** The index of the first NUL character in {@code s}, or -1. */
  public static int nul(String s) {
    return s.indexOf('\0');
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
