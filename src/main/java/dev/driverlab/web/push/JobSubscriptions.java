package dev.driverlab.web.push;

/**
 * Who may follow a background job's topic ({@code /topic/explore/{job}}): the push layer asks, the layer that runs
 * the jobs answers. An interface here, so that push does not depend on the REST controllers above it.
 */
public interface JobSubscriptions {
    /**
     * Whether STOMP connection {@code subscriber} may follow job {@code id}: the job was issued (and not finished or
     * expired), and no other connection has claimed it.
     */
    boolean claim(String id, String subscriber);
}
