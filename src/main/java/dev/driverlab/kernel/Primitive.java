package dev.driverlab.kernel;

/** A kernel function implemented in Java: runs inside one step of its caller. */
@FunctionalInterface
public interface Primitive {
    long call(Env env, long[] args);
}
