package dev.driverlab.kernel;

/**
 * The copy-on-write protocol of {@link CowMap}, {@link CowSet} and {@link CowList}: a collection two kernel states
 * hold in common after a copy, until either writes; the writer then takes a private copy.
 */
final class CowCell<T> {
    private T value;
    /** Whether {@link #value} may also be another state's (or the shared empty one): copy it before the first write. */
    private boolean shared;
    /** The value's hashCode while {@link #hashed}: a state's fingerprint hashes only the collections written since. */
    private int hash;

    private boolean hashed;

    /** Starts with {@code empty}, a collection shared by every new cell of its kind (so copied before the first write). */
    CowCell(T empty) {
        this.value = empty;
        this.shared = true;
    }

    T read() {
        return value;
    }

    /** Whether the value must be copied before it is written (the caller then {@link #own}s the copy). */
    boolean shared() {
        return shared;
    }

    /** {@code copy} is now this cell's own value. */
    T own(T copy) {
        value = copy;
        shared = false;
        hashed = false;
        return copy;
    }

    /** The value is about to be written (or handed out to be written): its hash is computed again next time. */
    void changing() {
        hashed = false;
    }

    /** The value's hashCode, computed once until it changes. */
    int hash() {
        if (!hashed) {
            hash = value.hashCode();
            hashed = true;
        }
        return hash;
    }

    /** This cell now holds {@code other}'s collection, shared with it until either writes. */
    void shareFrom(CowCell<T> other) {
        value = other.value;
        other.shared = true;
        shared = true;
        hash = other.hash;
        hashed = other.hashed;
    }
}
