package dev.driverlab.kernel;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The errnos the simulated kernel's Java primitives return ({@code return -Errno.EBUSY.number;}, as C writes
 * {@code return -EBUSY;}) and user space sees, each once: its number (as {@code include/uapi/asm-generic/errno-base.h}
 * and {@code errno.h} define it, and the prelude's {@code include/linux/kernel.h} too: {@code ErrnoTests} holds them
 * equal), its name as strace prints it and glibc's strerror(3) text. The kernel-internal errnos (512 and up) never
 * reach user space under their own names and have no text.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EPIPE(32, "Broken pipe"),
    ENAMETOOLONG(36, "File name too long"),
    ENOSYS(38, "Function not implemented"),
    EPROTO(71, "Protocol error"),
    EOVERFLOW(75, "Value too large for defined data type"),
    ESHUTDOWN(108, "Cannot send after transport endpoint shutdown"),
    ETIMEDOUT(110, "Connection timed out"),
    EINPROGRESS(115, "Operation now in progress"),
    EREMOTEIO(121, "Remote I/O error");

    public final long number;
    private final String message;

    Errno(long number, String message) {
        this.number = number;
        this.message = message;
    }

    private static final Map<Long, Errno> BY_NUMBER =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(e -> e.number, Function.identity()));

    /** strerror(3) of a (positive) errno: glibc's "Unknown error N" for one it has no text for. */
    public static String strerror(long errno) {
        Errno e = BY_NUMBER.get(errno);
        return e != null ? e.message : "Unknown error " + errno;
    }

    /** The errno's name as strace prints it ({@code EAGAIN}), or {@code E} and the number for one it cannot name. */
    public static String symbol(long errno) {
        Errno e = BY_NUMBER.get(errno);
        return e != null ? e.name() : "E" + errno;
    }
}
