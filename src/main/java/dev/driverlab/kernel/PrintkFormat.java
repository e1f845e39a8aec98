package dev.driverlab.kernel;

/**
 * printk's format language (lib/vsprintf.c), enough for driver messages: %d %i %u %x %X %o %c %s %p %pS %ps %ph %%, with
 * flags, width, precision and the h/hh/l/ll/L/z/Z/t length modifiers. %s reads the string from simulated memory,
 * so printing a freed name is caught like any other access.
 *
 * <p>Like vsnprintf, formatting writes at most the buffer's size and counts the rest: a huge field width costs
 * nothing but its count. Widths and precisions are what the kernel's {@code struct printf_spec} bitfields hold:
 * a width written in digits keeps its low 24 bits, a precision its low 16; one passed with '*' that does not fit
 * is clamped with a one-time warning (set_field_width, set_precision).
 */
public final class PrintkFormat {
    private PrintkFormat() {}

    /** lib/vsprintf.c: the printf_spec bitfields' limits. */
    static final int FIELD_WIDTH_MAX = (1 << 23) - 1;

    static final int PRECISION_MAX = (1 << 15) - 1;

    /** What vsnprintf wrote into a buffer of {@code limit + 1} bytes, and the length it returned (all of it). */
    public record Formatted(String text, long length) {
        public boolean truncated() {
            return length > text.length();
        }
    }

    /** The whole output, as long as printk may make it ({@link PrintkPrimitives#LOG_LINE_MAX}). */
    public static String format(Env env, String fmt, long[] args, int first) {
        return format(env, fmt, args, first, PrintkPrimitives.LOG_LINE_MAX - 1);
    }

    /** At most {@code limit} characters of the output. */
    public static String format(Env env, String fmt, long[] args, int first, int limit) {
        return vsnprintf(env, fmt, args, first, limit).text();
    }

    public static Formatted vsnprintf(Env env, String fmt, long[] args, int first, int limit) {
        Out out = new Out(limit);
        int a = first;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= fmt.length()) break;
            if (fmt.charAt(i) == '%') {
                out.append('%');
                i++;
                continue;
            }
            StringBuilder flags = new StringBuilder();
            while (i < fmt.length() && "-+ #0".indexOf(fmt.charAt(i)) >= 0) flags.append(fmt.charAt(i++));
            boolean left = flags.indexOf("-") >= 0;
            int width = -1;
            if (i < fmt.length() && fmt.charAt(i) == '*') {
                width = fieldWidth(env, (int) arg(args, a++));
                if (width < 0) {
                    width = -width;
                    left = true;
                }
                i++;
            } else if (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                int n = 0;
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) n = n * 10 + (fmt.charAt(i++) - '0');
                width = n << 8 >> 8; // skip_atoi into the signed 24-bit field_width
            }
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                i++;
                if (i < fmt.length() && fmt.charAt(i) == '*') {
                    precision = Math.max(0, precision(env, (int) arg(args, a++)));
                    i++;
                } else {
                    int n = 0;
                    while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) n = n * 10 + (fmt.charAt(i++) - '0');
                    precision = Math.max(0, n << 16 >> 16); // the signed 16-bit precision field
                }
            }
            int size = 4;
            while (i < fmt.length() && "hlLzZt".indexOf(fmt.charAt(i)) >= 0) { // format_decode: h, l, L (ll), z, Z, t
                char m = fmt.charAt(i++);
                size = m == 'h' ? (size == 2 ? 1 : 2) : 8;
            }
            if (i >= fmt.length()) break;
            char conv = fmt.charAt(i++);
            long v = arg(args, a++);
            String text;
            switch (conv) {
                case 'd':
                case 'i':
                    text = Long.toString(signExtend(v, size));
                    if (flags.indexOf("+") >= 0 && signExtend(v, size) >= 0) text = "+" + text;
                    break;
                case 'u':
                    text = Long.toUnsignedString(zeroExtend(v, size));
                    break;
                case 'x':
                    text = Long.toHexString(zeroExtend(v, size));
                    if (flags.indexOf("#") >= 0) text = "0x" + text;
                    break;
                case 'X':
                    text = Long.toHexString(zeroExtend(v, size)).toUpperCase();
                    if (flags.indexOf("#") >= 0) text = "0X" + text;
                    break;
                case 'o':
                    text = Long.toOctalString(zeroExtend(v, size));
                    break;
                case 'c':
                    text = String.valueOf((char) (v & 0xff));
                    break;
                case 's': {
                    // string(): the whole string (up to the precision) is read and counted, what fits is kept
                    long length = v == 0 ? 6 : env.memory().strnlen(v, precision >= 0 ? precision : Long.MAX_VALUE);
                    if (v == 0 && precision >= 0) length = Math.min(length, precision);
                    int keep = (int) Math.min(length, out.room());
                    String shown =
                            v == 0 ? "(null)".substring(0, keep) : env.memory().readString(v, keep);
                    pad(out, shown, length, width, left, false);
                    continue;
                }
                case 'p':
                    if (i < fmt.length() && fmt.charAt(i) == 'h') { // %*ph[CDN]: a small buffer as hex bytes
                        i++;
                        char separator = ' ';
                        if (i < fmt.length() && "CDN".indexOf(fmt.charAt(i)) >= 0) {
                            char kind = fmt.charAt(i++);
                            separator = kind == 'C' ? ':' : kind == 'D' ? '-' : 0;
                        }
                        String bad = v == 0 ? "(null)" : Long.compareUnsigned(v, -4095L) >= 0 ? "(efault)" : null;
                        if (width != 0 && bad != null) pad(out, bad, bad.length(), width, left, false);
                        else if (width != 0) {
                            String hex = hexString(env, v, width > 0 ? Math.min(width, 64) : 1, separator);
                            out.append(hex, hex.length());
                        }
                        continue;
                    }
                    text = pointer(env, fmt, i, v);
                    boolean address = i < fmt.length() && fmt.charAt(i) == 'a';
                    while (i < fmt.length()
                            && Character.isLetterOrDigit(fmt.charAt(i))
                            && "SsBFfxKa".indexOf(fmt.charAt(i)) >= 0) {
                        i++;
                    }
                    if (address && i < fmt.length() && "pd".indexOf(fmt.charAt(i)) >= 0) i++; // %pap, %pad
                    break;
                default:
                    text = "%" + conv;
                    a--;
            }
            pad(out, text, text.length(), width, left, flags.indexOf("0") >= 0);
        }
        return new Formatted(out.text.toString(), out.length);
    }

    /** set_field_width: a '*' width must fit the 24-bit field, else WARN_ONCE and clamp. */
    private static int fieldWidth(Env env, int width) {
        if ((width << 8 >> 8) == width) return width;
        PrintkPrimitives.warnOnce(env, "set_field_width", "field width " + width + " too large");
        return Math.max(-FIELD_WIDTH_MAX, Math.min(FIELD_WIDTH_MAX, width));
    }

    /** set_precision: a '*' precision must fit the 16-bit field, else WARN_ONCE and clamp. */
    private static int precision(Env env, int precision) {
        if ((precision << 16 >> 16) == precision) return precision;
        PrintkPrimitives.warnOnce(env, "set_precision", "precision " + precision + " too large");
        return Math.max(0, Math.min(PRECISION_MAX, precision));
    }

    /** The output buffer: keeps the first {@code limit} characters, counts all of them. */
    private static final class Out {
        final StringBuilder text = new StringBuilder();
        final int limit;
        long length;

        Out(int limit) {
            this.limit = Math.max(0, limit);
        }

        int room() {
            return limit - text.length();
        }

        void append(char c) {
            if (text.length() < limit) text.append(c);
            length++;
        }

        /** s, of a field {@code counted} characters long (s may be only what fits of it). */
        void append(String s, long counted) {
            text.append(s, 0, Math.min(s.length(), room()));
            length += counted;
        }

        void fill(char c, long n) {
            for (long k = Math.min(n, room()); k > 0; k--) text.append(c);
            length += n;
        }
    }

    /**
     * lib/vsprintf.c's hex_string: {@code len} bytes (the field width, at most 64; 1 without one) as two hex digits
     * each, {@code separator} between them (0: none). The bytes are read as the kernel reads them: KASAN checks each.
     */
    private static String hexString(Env env, long addr, int len, char separator) {
        StringBuilder hex = new StringBuilder();
        for (int k = 0; k < len; k++) {
            int b = (int) env.memory().read(addr + k, 1, false);
            hex.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (separator != 0 && k != len - 1) hex.append(separator);
        }
        return hex.toString();
    }

    private static String pointer(Env env, String fmt, int i, long v) {
        char ext = i < fmt.length() ? fmt.charAt(i) : ' ';
        switch (ext) {
            case 'S':
            case 'B':
            case 'F':
                return v == 0 ? "0x0" : env.symbol(v);
            case 's':
            case 'f': // sprint_symbol_no_offset: the name (and module), no +offset/size
                return v == 0 ? "0x0" : env.symbol(v).replaceFirst("\\+0x[0-9a-f]+/0x[0-9a-f]+", "");
            case 'x':
            case 'K':
                return Addresses.hex(v);
            case 'a': // address_val: the phys_addr_t (or %pad's dma_addr_t) it points to, as 0x and 16 hex digits
                return v == 0 ? "(null)" : String.format("0x%016x", env.memory().read(v, 8, false));
            default:
                return pointerId(v);
        }
    }

    /**
     * Plain %p (lib/vsprintf.c's ptr_to_id): NULL and error pointers print as they are; any other address is hashed
     * with the boot's key and cut to 32 bits, so no address leaks and the same pointer prints the same id. The model's
     * "boot key" is fixed, so traces stay byte-identical across runs.
     */
    static String pointerId(long v) {
        if (v == 0 || Long.compareUnsigned(v, -4095L) >= 0) return String.format("%016x", v);
        long z = v + 0x9e3779b97f4a7c15L; // splitmix64's finalizer stands in for siphash_1u64
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z ^= z >>> 31;
        return String.format("%016x", z & 0xffffffffL);
    }

    private static long arg(long[] args, int i) {
        return i < args.length ? args[i] : 0;
    }

    private static long signExtend(long v, int size) {
        switch (size) {
            case 1:
                return (byte) v;
            case 2:
                return (short) v;
            case 4:
                return (int) v;
            default:
                return v;
        }
    }

    private static long zeroExtend(long v, int size) {
        switch (size) {
            case 1:
                return v & 0xff;
            case 2:
                return v & 0xffff;
            case 4:
                return v & 0xffffffffL;
            default:
                return v;
        }
    }

    /** A field of {@code length} characters (of which {@code s} is what the buffer can still hold), padded. */
    private static void pad(Out out, String s, long length, int width, boolean left, boolean zero) {
        long fill = Math.max(0, width - length);
        if (!left && zero && s.startsWith("-")) {
            out.append('-');
            out.fill('0', fill);
            out.append(s.substring(1), length - 1);
        } else if (left) {
            out.append(s, length);
            out.fill(' ', fill);
        } else {
            out.fill(zero ? '0' : ' ', fill);
            out.append(s, length);
        }
    }

    /** Drops the KERN_<LEVEL> prefix ("\001" + digit) printk strips before logging. */
    public static String stripLevel(String s) {
        while (s.length() >= 2 && s.charAt(0) == '\001') s = s.substring(2);
        return s;
    }
}
