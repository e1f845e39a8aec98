package dev.driverlab.engine;

import dev.driverlab.engine.compile.TypeNames;
import dev.driverlab.engine.compile.Unit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of {@code ioctl NAME CMD [ARG]}. CMD is a number (decimal or 0x hex) or written as a driver's header
 * writes it, {@code _IO(type, nr)}, {@code _IOR/_IOW/_IOWR(type, nr, TYPE)} with a character or number as type and
 * any C type name of the driver or the kernel as TYPE (its size is taken once the driver is compiled). ARG is what
 * the process passes: {@code N} (a number, by value), {@code &N} (a pointer to N stored in the command's size),
 * {@code "text"} (a pointer to the text) or nothing (a pointer to a zeroed buffer when the command has a size).
 */
public record IoctlRequest(String process, long number, String dir, int type, int nr, String sizeType, Arg arg) {

    /** How the argument is passed. */
    public enum ArgKind {
        NONE,
        VALUE,
        POINTER_TO_VALUE,
        STRING
    }

    public record Arg(ArgKind kind, long value, String text) {}

    /** include/uapi/asm-generic/ioctl.h */
    static final int NRSHIFT = 0;

    static final int TYPESHIFT = 8;
    static final int SIZESHIFT = 16;
    static final int DIRSHIFT = 30;
    static final int SIZEMASK = (1 << 14) - 1;
    static final int IOC_NONE = 0;
    static final int IOC_WRITE = 1;
    static final int IOC_READ = 2;

    private static final Pattern MACRO = Pattern.compile(
            "(_IOWR|_IOR|_IOW|_IO)\\s*\\(\\s*('(?:\\\\x[0-9a-fA-F]{1,2}|\\\\[0-7]{1,3}|\\\\.|[^'\\\\])'|0[xX][0-9a-fA-F]+|[0-9]+)"
                    + "\\s*,\\s*(0[xX][0-9a-fA-F]+|[0-9]+)\\s*(?:,\\s*([^()]+?)\\s*)?\\)");

    /** Parses what follows the verb ({@code NAME CMD [ARG]}); throws IllegalArgumentException saying what is wrong. */
    public static IoctlRequest parse(String rest) {
        String s = rest.strip();
        int space = s.indexOf(' ');
        if (space < 0) throw new IllegalArgumentException("usage: " + USAGE);
        String process = s.substring(0, space);
        s = s.substring(space + 1).strip();
        long number = -1;
        String dir = null;
        int type = 0;
        int nr = 0;
        String sizeType = null;
        String argText;
        Matcher m = MACRO.matcher(s);
        if (m.lookingAt()) {
            dir = m.group(1);
            type = charOrNumber(m.group(2));
            nr = (int) parseNumber(m.group(3));
            sizeType = m.group(4);
            if (dir.equals("_IO") != (sizeType == null)) {
                throw new IllegalArgumentException(
                        dir + (dir.equals("_IO") ? " takes (type, nr)" : " takes (type, nr, TYPE)"));
            }
            if (type > 0xff || nr > 0xff)
                throw new IllegalArgumentException("an ioctl's type and number are 8 bits each");
            argText = s.substring(m.end()).strip();
        } else if (s.startsWith("_IO")) {
            throw new IllegalArgumentException("'" + s + "' is not _IO(type, nr) or _IOR/_IOW/_IOWR(type, nr, TYPE)");
        } else {
            int end = s.indexOf(' ');
            String word = end < 0 ? s : s.substring(0, end);
            if (!word.matches("0[xX][0-9a-fA-F]{1,8}|[0-9]{1,10}") || parseNumber(word) > 0xffffffffL) {
                throw new IllegalArgumentException(
                        "ioctl command expected (a 32-bit number or _IOR('k', 1, int)), got '" + word + "'");
            }
            number = parseNumber(word);
            argText = end < 0 ? "" : s.substring(end + 1).strip();
        }
        return new IoctlRequest(process, number, dir, type, nr, sizeType, arg(argText));
    }

    public static final String USAGE = "ioctl NAME CMD [ARG]";

    private static Arg arg(String text) {
        if (text.isEmpty()) return new Arg(ArgKind.NONE, 0, null);
        if (text.startsWith("\"")) {
            if (text.length() < 2 || !text.endsWith("\""))
                throw new IllegalArgumentException("unterminated string " + text);
            return new Arg(ArgKind.STRING, 0, Command.unescape(text));
        }
        boolean pointer = text.startsWith("&");
        String n = pointer ? text.substring(1).strip() : text;
        if (!n.matches("-?(0[xX][0-9a-fA-F]{1,16}|[0-9]{1,19})")) {
            throw new IllegalArgumentException("ioctl argument expected (N, &N or \"text\"), got '" + text + "'");
        }
        boolean negative = n.startsWith("-");
        long v = parseNumber(negative ? n.substring(1) : n);
        return new Arg(pointer ? ArgKind.POINTER_TO_VALUE : ArgKind.VALUE, negative ? -v : v, null);
    }

    private static long parseNumber(String s) {
        return s.startsWith("0x") || s.startsWith("0X")
                ? Long.parseUnsignedLong(s.substring(2), 16)
                : Long.parseLong(s);
    }

    /** 'k', '\x66', '\n', '\101' or a number. */
    private static int charOrNumber(String s) {
        if (!s.startsWith("'")) return (int) parseNumber(s);
        String c = s.substring(1, s.length() - 1);
        if (!c.startsWith("\\")) return c.charAt(0);
        if (c.startsWith("\\x")) return Integer.parseInt(c.substring(2), 16);
        if (Character.isDigit(c.charAt(1))) return Integer.parseInt(c.substring(1), 8);
        return switch (c.charAt(1)) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> 0;
            default -> c.charAt(1);
        };
    }

    /** The 32-bit command: the number given, or _IOC(dir, type, nr, sizeof(TYPE)) with TYPE looked up in the units. */
    public long command(Unit module, Unit kernel) {
        if (dir == null) return number;
        long size = 0;
        if (sizeType != null) {
            size = TypeNames.sizeOf(sizeType, module, kernel);
            if (size < 0) throw new IllegalArgumentException("unknown type '" + sizeType + "' in " + dir + "(...)");
            if (size > SIZEMASK)
                throw new IllegalArgumentException("sizeof(" + sizeType + ") does not fit _IOC_SIZEBITS");
        }
        int d = switch (dir) {
            case "_IOR" -> IOC_READ;
            case "_IOW" -> IOC_WRITE;
            case "_IOWR" -> IOC_READ | IOC_WRITE;
            default -> IOC_NONE;
        };
        return ((long) d << DIRSHIFT) | ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT) | (size << SIZESHIFT);
    }

    static int dir(long cmd) {
        return (int) (cmd >>> DIRSHIFT) & 3;
    }

    static int size(long cmd) {
        return (int) (cmd >>> SIZESHIFT) & SIZEMASK;
    }

    /** strace's ioctl_print_code: {@code _IOC(_IOC_READ|_IOC_WRITE, 0x66, 0x2, 0x4)}. */
    static String describe(long cmd) {
        int d = dir(cmd);
        String dirs = d == 0
                ? "_IOC_NONE"
                : d == IOC_READ ? "_IOC_READ" : d == IOC_WRITE ? "_IOC_WRITE" : "_IOC_READ|_IOC_WRITE";
        return "_IOC(" + dirs + ", " + hex((cmd >>> TYPESHIFT) & 0xff) + ", " + hex(cmd & 0xff) + ", " + hex(size(cmd))
                + ")";
    }

    /** strace's PRINT_VAL_X: 0, or 0x... */
    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
