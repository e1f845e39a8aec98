package dev.driverlab.kernel;

import java.util.Locale;

/** The buses a world's devices sit on, named as their {@code struct bus_type} is ("platform", "usb", "i2c"). */
public enum Bus {
    PLATFORM,
    USB,
    I2C;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The bus_type's name, as a scenario's {@code bus:} and the state view write it. */
    public String id() {
        return id;
    }

    /** The bus named {@code id}, or null. */
    public static Bus of(String id) {
        for (Bus b : values()) if (b.id.equals(id)) return b;
        return null;
    }

    /** The names a scenario may write, for error messages: {@code "platform", "usb" or "i2c"}. */
    static String choices() {
        StringBuilder sb = new StringBuilder();
        Bus[] all = values();
        for (int i = 0; i < all.length; i++) {
            if (i > 0) sb.append(i == all.length - 1 ? " or " : ", ");
            sb.append('"').append(all[i].id).append('"');
        }
        return sb.toString();
    }
}
