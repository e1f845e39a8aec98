package dev.driverlab.engine;

import java.util.Map;

/** strerror(3) for the errnos drivers return, as user space tools print them. */
final class Errno {
    private Errno() {}

    private static final Map<Long, String> MESSAGES = Map.ofEntries(
            Map.entry(1L, "Operation not permitted"),
            Map.entry(2L, "No such file or directory"),
            Map.entry(4L, "Interrupted system call"),
            Map.entry(5L, "Input/output error"),
            Map.entry(6L, "No such device or address"),
            Map.entry(11L, "Resource temporarily unavailable"),
            Map.entry(12L, "Cannot allocate memory"),
            Map.entry(13L, "Permission denied"),
            Map.entry(14L, "Bad address"),
            Map.entry(7L, "Argument list too long"),
            Map.entry(16L, "Device or resource busy"),
            Map.entry(17L, "File exists"),
            Map.entry(19L, "No such device"),
            Map.entry(22L, "Invalid argument"),
            Map.entry(25L, "Inappropriate ioctl for device"),
            Map.entry(28L, "No space left on device"),
            Map.entry(36L, "File name too long"),
            Map.entry(38L, "Function not implemented"),
            Map.entry(32L, "Broken pipe"),
            Map.entry(71L, "Protocol error"),
            Map.entry(108L, "Cannot send after transport endpoint shutdown"),
            Map.entry(121L, "Remote I/O error"),
            Map.entry(9L, "Bad file descriptor"),
            Map.entry(21L, "Is a directory"),
            Map.entry(29L, "Illegal seek"),
            Map.entry(75L, "Value too large for defined data type"),
            Map.entry(110L, "Connection timed out"),
            Map.entry(512L, "Unknown error 512"),
            Map.entry(517L, "Unknown error 517"));

    static String message(long negativeErrno) {
        return MESSAGES.getOrDefault(-negativeErrno, "Unknown error " + (-negativeErrno));
    }
}
