package dev.driverlab.kernel;

/**
 * lib/vsprintf.c's vsscanf of Linux 6.1: white space in the format matches any amount of it (none included); %d %i
 * %u %x %X %o (with h, hh, l, ll, z, a field width and * to skip), %s (up to white space), %c and %n; %% matches
 * itself. It stops at the first conversion that does not match and returns how many were assigned.
 */
final class Vsscanf {
    private Vsscanf() {}

    static long scan(Env e, String str, String fmt, long[] args, int first) {
        int s = 0;
        int f = 0;
        int num = 0;
        int arg = first;
        while (f < fmt.length()) {
            char fc = fmt.charAt(f);
            if (Character.isWhitespace(fc)) { // white space matches zero or more white space characters
                while (f < fmt.length() && Character.isWhitespace(fmt.charAt(f))) f++;
                while (s < str.length() && Character.isWhitespace(str.charAt(s))) s++;
                continue;
            }
            if (fc != '%' || (f + 1 < fmt.length() && fmt.charAt(f + 1) == '%')) { // anything else must match
                if (fc == '%') f++;
                if (s >= str.length() || str.charAt(s) != fmt.charAt(f)) break;
                s++;
                f++;
                continue;
            }
            f++;
            boolean skip = f < fmt.length() && fmt.charAt(f) == '*';
            if (skip) f++;
            int width = -1;
            while (f < fmt.length() && Character.isDigit(fmt.charAt(f))) {
                width = (width < 0 ? 0 : width * 10) + fmt.charAt(f++) - '0';
            }
            int size = 4;
            if (f < fmt.length() && "hlzL".indexOf(fmt.charAt(f)) >= 0) {
                char q = fmt.charAt(f++);
                size = q == 'h' ? 2 : 8;
                if (q == 'h' && f < fmt.length() && fmt.charAt(f) == 'h') {
                    size = 1;
                    f++;
                } else if (q == 'l' && f < fmt.length() && fmt.charAt(f) == 'l') f++;
            }
            if (f >= fmt.length()) break;
            char conv = fmt.charAt(f++);
            if (conv == 'n') { // the characters consumed so far; not counted
                if (!skip) e.memory().write(args[arg++], size, s);
                continue;
            }
            if (s >= str.length()) break; // the input ended
            if (conv == 'c') {
                int n = width < 0 ? 1 : width;
                if (s + n > str.length()) n = str.length() - s;
                if (!skip) {
                    long to = args[arg++];
                    for (int i = 0; i < n; i++) e.memory().write(to + i, 1, str.charAt(s + i));
                    num++;
                }
                s += n;
                continue;
            }
            while (s < str.length() && Character.isWhitespace(str.charAt(s))) s++; // numbers and strings skip it
            if (conv == 's') {
                int end = s;
                while (end < str.length() && !Character.isWhitespace(str.charAt(end)) && (width < 0 || end - s < width))
                    end++;
                if (!skip) {
                    MemoryPrimitives.writeString(e, args[arg++], str.substring(s, end));
                    num++;
                }
                s = end;
                continue;
            }
            int base;
            switch (conv) {
                case 'd':
                case 'u':
                    base = 10;
                    break;
                case 'i':
                    base = 0;
                    break;
                case 'x':
                case 'X':
                    base = 16;
                    break;
                case 'o':
                    base = 8;
                    break;
                default:
                    return num;
            }
            int end = width < 0 ? str.length() : Math.min(str.length(), s + width);
            int p = s;
            boolean negative = false;
            if (p < end && (str.charAt(p) == '-' || str.charAt(p) == '+')) negative = str.charAt(p++) == '-';
            if (base == 0) {
                base = 10;
                if (p + 1 < end && str.charAt(p) == '0' && (str.charAt(p + 1) | 0x20) == 'x') base = 16;
                else if (p < end && str.charAt(p) == '0') base = 8;
            }
            if (base == 16
                    && p + 1 < end
                    && str.charAt(p) == '0'
                    && (str.charAt(p + 1) | 0x20) == 'x'
                    && p + 2 < end
                    && Character.digit(str.charAt(p + 2), 16) >= 0) {
                p += 2;
            }
            int digits = p;
            long value = 0;
            while (p < end && Character.digit(str.charAt(p), base) >= 0)
                value = value * base + Character.digit(str.charAt(p++), base);
            if (p == digits) break; // no digits: this conversion fails, and the scan stops
            if (negative) value = -value;
            if (!skip) {
                e.memory().write(args[arg++], size, value); // two's complement, cut to the argument's size
                num++;
            }
            s = p;
        }
        return num;
    }
}
