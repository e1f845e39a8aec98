package dev.driverlab.kernel;

/**
 * printk's format language (lib/vsprintf.c), enough for driver messages: %d %i %u %x %X %o %c %s %p %pS %%, with
 * flags, width, precision and the h/hh/l/ll/z/t length modifiers. %s reads the string from simulated memory,
 * so printing a freed name is caught like any other access.
 */
public final class PrintkFormat {
    private PrintkFormat() {}

    public static String format(Env env, String fmt, long[] args, int first) {
        StringBuilder out = new StringBuilder();
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
            int width = -1;
            if (i < fmt.length() && fmt.charAt(i) == '*') {
                width = (int) arg(args, a++);
                i++;
            }
            while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                width = Math.max(width, 0) * 10 + (fmt.charAt(i++) - '0');
            }
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                i++;
                precision = 0;
                if (i < fmt.length() && fmt.charAt(i) == '*') {
                    precision = (int) arg(args, a++);
                    i++;
                }
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                    precision = precision * 10 + (fmt.charAt(i++) - '0');
                }
            }
            int size = 4;
            while (i < fmt.length() && "hlzt".indexOf(fmt.charAt(i)) >= 0) {
                char m = fmt.charAt(i++);
                size = m == 'h' ? (size == 2 ? 1 : 2) : 8;
            }
            if (i >= fmt.length()) break;
            char conv = fmt.charAt(i++);
            long v = arg(args, a++);
            String text;
            switch (conv) {
                case 'd': case 'i':
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
                case 's':
                    text = v == 0 ? "(null)" : env.memory().readString(v);
                    if (precision >= 0 && text.length() > precision) text = text.substring(0, precision);
                    break;
                case 'p':
                    text = pointer(env, fmt, i, v);
                    while (i < fmt.length() && Character.isLetterOrDigit(fmt.charAt(i))
                            && "SsBFfxK".indexOf(fmt.charAt(i)) >= 0) {
                        i++;
                    }
                    break;
                default:
                    text = "%" + conv;
                    a--;
            }
            out.append(pad(text, width, flags.indexOf("-") >= 0, flags.indexOf("0") >= 0 && conv != 's'));
        }
        return out.toString();
    }

    private static String pointer(Env env, String fmt, int i, long v) {
        char ext = i < fmt.length() ? fmt.charAt(i) : ' ';
        switch (ext) {
            case 'S': case 's': case 'B': case 'F': case 'f':
                return v == 0 ? "0x0" : env.symbol(v);
            case 'x': case 'K':
                return Addresses.hex(v);
            default:
                // Plain %p prints a hashed value on real kernels; we print the stable synthetic address.
                return v == 0 ? "0000000000000000" : Addresses.hex(v);
        }
    }

    private static long arg(long[] args, int i) {
        return i < args.length ? args[i] : 0;
    }

    private static long signExtend(long v, int size) {
        switch (size) {
            case 1: return (byte) v;
            case 2: return (short) v;
            case 4: return (int) v;
            default: return v;
        }
    }

    private static long zeroExtend(long v, int size) {
        switch (size) {
            case 1: return v & 0xff;
            case 2: return v & 0xffff;
            case 4: return v & 0xffffffffL;
            default: return v;
        }
    }

    private static String pad(String s, int width, boolean left, boolean zero) {
        if (width <= s.length()) return s;
        String fill = String.valueOf(zero && !left ? '0' : ' ').repeat(width - s.length());
        if (zero && !left && s.startsWith("-")) return "-" + fill + s.substring(1);
        return left ? s + fill : fill + s;
    }

    /** Drops the KERN_<LEVEL> prefix ("\001" + digit) printk strips before logging. */
    public static String stripLevel(String s) {
        while (s.length() >= 2 && s.charAt(0) == '\001') s = s.substring(2);
        return s;
    }
}
