package dev.driverlab.web.api;

import dev.driverlab.session.BadRequestException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The race searches the server knows of. A search runs on its request's thread; to follow its progress a client
 * first asks for a job id ({@link #issue}): 128 random bits, so only the client that got it can name it. The
 * first STOMP connection that subscribes to the job's topic owns it ({@link #claim}): nobody else can listen in,
 * and nobody can subscribe to a search that was never issued. At most one search runs per client and
 * {@code driverlab.api.explore.max-running} in all. A job id not started within {@link #UNSTARTED_MILLIS} expires,
 * a finished job {@link #FINISHED_MILLIS} after it ended (a subscription that arrives after a quick search is
 * still accepted, and gets nothing), and at most {@link #MAX_JOBS} are kept.
 */
@Component
public class ExploreJobs {
    static final int MAX_JOBS = 1000;
    static final int MAX_UNSTARTED_PER_CLIENT = 3;
    static final long UNSTARTED_MILLIS = 120_000;
    static final long FINISHED_MILLIS = 60_000;

    private final SecureRandom random = new SecureRandom();
    private final int maxRunning;
    private final LongSupplier clock;
    /** Issued and running jobs, oldest first. Guarded by this. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Job> runningByClient = new LinkedHashMap<>();

    @Autowired
    ExploreJobs(@Value("${driverlab.api.explore.max-running:2}") int maxRunning) {
        this(maxRunning, System::currentTimeMillis);
    }

    ExploreJobs(int maxRunning, LongSupplier clock) {
        this.maxRunning = maxRunning;
        this.clock = clock;
    }

    private static final class Job {
        final String id;
        final String client;
        final long issuedAt;
        final AtomicBoolean cancelled = new AtomicBoolean();
        String subscriber;
        long deadline; // 0 until started
        long finishedAt; // 0 until finished

        Job(String id, String client, long issuedAt) {
            this.id = id;
            this.client = client;
            this.issuedAt = issuedAt;
        }

        boolean started() {
            return deadline != 0;
        }

        boolean expired(long now) {
            return finishedAt != 0 ? now - finishedAt >= FINISHED_MILLIS
                    : !started() && now - issuedAt >= UNSTARTED_MILLIS;
        }
    }

    /** A new job id for {@code client}; its oldest unstarted one is dropped past the per-client allowance. */
    public synchronized String issue(String client) {
        long now = clock.getAsLong();
        expire(now);
        long unstarted = jobs.values().stream().filter(j -> !j.started() && j.client.equals(client)).count();
        if (unstarted >= MAX_UNSTARTED_PER_CLIENT) {
            jobs.values().stream().filter(j -> !j.started() && j.client.equals(client)).findFirst()
                    .ifPresent(j -> jobs.remove(j.id));
        }
        if (jobs.size() >= MAX_JOBS) {
            throw RetryLaterException.busy("the server is tracking as many searches as it can; try again shortly",
                    seconds(Math.max(UNSTARTED_MILLIS, FINISHED_MILLIS)));
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jobs.put(id, new Job(id, client, now));
        return id;
    }

    /**
     * Whether STOMP connection {@code subscriber} may follow job {@code id}: the job was issued (and not finished
     * or expired), and no other connection has claimed it.
     */
    public synchronized boolean claim(String id, String subscriber) {
        expire(clock.getAsLong());
        Job job = jobs.get(id);
        if (job == null) return false;
        if (job.subscriber == null) job.subscriber = subscriber;
        return job.subscriber.equals(subscriber);
    }

    /**
     * Starts a search for {@code client} (under job {@code id}, or none), to run for at most {@code millis}: 429 if
     * that client has one running, 503 if the server has {@code max-running}.
     */
    public synchronized Running start(String id, String client, long millis) {
        long now = clock.getAsLong();
        expire(now);
        Job job;
        if (id == null) {
            job = new Job(null, client, now);
        } else {
            job = jobs.get(id);
            if (job == null) {
                throw new BadRequestException("no search job '" + id + "': get one from POST /api/explore/jobs (job ids "
                        + "expire " + UNSTARTED_MILLIS / 1000 + " s after they are issued, and when their search ends)");
            }
            if (job.started()) throw new BadRequestException("job '" + id + "' has been used: get a new one");
        }
        Job mine = runningByClient.get(client);
        if (mine != null) {
            throw RetryLaterException.rateLimited("a search from this address is running already; one at a time",
                    seconds(mine.deadline - now));
        }
        if (runningByClient.size() >= maxRunning) {
            long first = runningByClient.values().stream().mapToLong(j -> j.deadline).min().orElse(now);
            throw RetryLaterException.busy(maxRunning + " searches are running, as many as the server runs at once; "
                    + "try again shortly", seconds(first - now));
        }
        job.deadline = now + Math.max(1, millis);
        runningByClient.put(client, job);
        return new Running(job);
    }

    /** Cancels a running search (it returns what it found so far) or drops an unstarted job id. */
    synchronized boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null) return false;
        if (job.started()) job.cancelled.set(true);
        else jobs.remove(id);
        return true;
    }

    synchronized int size() {
        return jobs.size();
    }

    private synchronized void finish(Job job) {
        runningByClient.remove(job.client, job);
        job.finishedAt = Math.max(1, clock.getAsLong());
    }

    private void expire(long now) {
        jobs.values().removeIf(j -> j.expired(now));
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /** A started search: whether it was cancelled, and the end of it (which forgets the job). */
    public final class Running implements AutoCloseable {
        private final Job job;

        private Running(Job job) {
            this.job = job;
        }

        String id() {
            return job.id;
        }

        public BooleanSupplier cancelled() {
            return job.cancelled::get;
        }

        @Override
        public void close() {
            finish(job);
        }
    }
}
