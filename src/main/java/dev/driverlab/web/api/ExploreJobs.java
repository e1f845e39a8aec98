package dev.driverlab.web.api;

import dev.driverlab.session.InvalidRequest;
import dev.driverlab.web.http.RetryLaterException;
import dev.driverlab.web.push.JobSubscriptions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
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
 * and nobody can subscribe to a search that was never issued.
 *
 * <p>The budget: a client is the STOMP connection that claimed the search's job (one lab page: one session), or for
 * a search without a job id its address; each client has at most one search running or waiting (429
 * {@code rate-limited}). {@code driverlab.api.explore.max-running} run at once; past that up to
 * {@code driverlab.api.explore.max-queued} wait in arrival order for a place, each at most
 * {@code driverlab.api.explore.max-wait-millis} (then 503 {@code busy}); beyond the queue 429 {@code queue-full}. The
 * server's own searches (the catalog's badges) take a place like any other. A job id not started within {@link #UNSTARTED_MILLIS} expires,
 * a finished job {@link #FINISHED_MILLIS} after it ended (a subscription that arrives after a quick search is
 * still accepted, and gets nothing), and at most {@link #MAX_JOBS} are kept.
 */
@Component
public class ExploreJobs implements JobSubscriptions {
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
    /** Searches waiting for a place, oldest first. Guarded by this. */
    private final ArrayDeque<Job> queue = new ArrayDeque<>();

    private final int maxQueued;
    private final long maxWaitMillis;

    @Autowired
    ExploreJobs(
            @Value("${driverlab.api.explore.max-running:2}") int maxRunning,
            @Value("${driverlab.api.explore.max-queued:8}") int maxQueued,
            @Value("${driverlab.api.explore.max-wait-millis:30000}") long maxWaitMillis) {
        this(maxRunning, maxQueued, maxWaitMillis, System::currentTimeMillis);
    }

    ExploreJobs(int maxRunning, LongSupplier clock) {
        this(maxRunning, 0, 0, clock);
    }

    ExploreJobs(int maxRunning, int maxQueued, long maxWaitMillis, LongSupplier clock) {
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
        this.maxWaitMillis = maxWaitMillis;
        this.clock = clock;
    }

    private static final class Job {
        final String id;
        final String client;
        final long issuedAt;
        final AtomicBoolean cancelled = new AtomicBoolean();
        String subscriber;
        /** Whom the one-at-a-time rule counts it for: its subscriber's connection, else its client. */
        String who;

        boolean queued;
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
            if (queued) return false;
            return finishedAt != 0
                    ? now - finishedAt >= FINISHED_MILLIS
                    : !started() && now - issuedAt >= UNSTARTED_MILLIS;
        }
    }

    /** A new job id for {@code client}; its oldest unstarted one is dropped past the per-client allowance. */
    public synchronized String issue(String client) {
        long now = clock.getAsLong();
        expire(now);
        long unstarted = jobs.values().stream()
                .filter(j -> !j.started() && j.client.equals(client))
                .count();
        if (unstarted >= MAX_UNSTARTED_PER_CLIENT) {
            jobs.values().stream()
                    .filter(j -> !j.started() && j.client.equals(client))
                    .findFirst()
                    .ifPresent(j -> jobs.remove(j.id));
        }
        if (jobs.size() >= MAX_JOBS) {
            throw RetryLaterException.busy(
                    "the server is tracking as many searches as it can; try again shortly",
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
    @Override
    public synchronized boolean claim(String id, String subscriber) {
        expire(clock.getAsLong());
        Job job = jobs.get(id);
        if (job == null) return false;
        if (job.subscriber == null) job.subscriber = subscriber;
        return job.subscriber.equals(subscriber);
    }

    /**
     * Starts a search for {@code client} (under job {@code id}, or none), to run for at most {@code millis}: the
     * client is the job's subscriber when one claimed it. 429 if that client has a search running or waiting; when
     * {@code max-running} run, waits its turn in the queue (429 {@code queue-full} if that is full, 503 if no place
     * frees within {@code max-wait-millis}).
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
                throw new InvalidRequest(
                        "no search job '" + id + "': get one from POST /api/explore/jobs (job ids " + "expire "
                                + UNSTARTED_MILLIS / 1000 + " s after they are issued, and when their search ends)");
            }
            if (job.started() || job.queued) throw new InvalidRequest("job '" + id + "' has been used: get a new one");
        }
        String who = job.subscriber != null ? "connection " + job.subscriber : client;
        Job mine = runningByClient.get(who);
        if (mine == null)
            mine = queue.stream().filter(j -> j.who.equals(who)).findFirst().orElse(null);
        if (mine != null) {
            throw RetryLaterException.rateLimited(
                    "a search of yours is running or waiting already; one at a time",
                    seconds(mine.deadline != 0 ? mine.deadline - now : maxWaitMillis));
        }
        job.who = who;
        if (runningByClient.size() >= maxRunning) {
            long first = runningByClient.values().stream()
                    .mapToLong(j -> j.deadline)
                    .min()
                    .orElse(now);
            if (queue.size() >= maxQueued) {
                throw RetryLaterException.queueFull(
                        maxRunning + " searches are running and " + queue.size()
                                + " waiting, as many as the server queues; try again shortly",
                        seconds(first - now));
            }
            job.queued = true;
            queue.add(job);
            long until = System.nanoTime() + maxWaitMillis * 1_000_000;
            try {
                // cancelled while waiting: it starts and stops at once, answering "incomplete: cancelled"
                while ((queue.peek() != job || runningByClient.size() >= maxRunning) && !job.cancelled.get()) {
                    long left = (until - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw RetryLaterException.busy(
                                maxRunning + " searches are running, as many as the server "
                                        + "runs at once, and none ended within " + maxWaitMillis / 1000
                                        + " s; try again "
                                        + "shortly",
                                seconds(first - clock.getAsLong()));
                    }
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RetryLaterException.busy("the server is shutting down", 1);
            } finally {
                queue.remove(job);
                job.queued = false;
                notifyAll(); // the next in line may be first now
            }
            now = clock.getAsLong();
        }
        job.deadline = now + Math.max(1, millis);
        runningByClient.put(who, job);
        return new Running(job);
    }

    /** Searches waiting for a place now. */
    synchronized int queued() {
        return queue.size();
    }

    /** Cancels a running search (it returns what it found so far) or drops an unstarted job id. */
    synchronized boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null) return false;
        if (job.started() || job.queued) {
            job.cancelled.set(true);
            notifyAll(); // a waiting one leaves the queue
        } else {
            jobs.remove(id);
        }
        return true;
    }

    synchronized int size() {
        return jobs.size();
    }

    private synchronized void finish(Job job) {
        runningByClient.remove(job.who, job);
        job.finishedAt = Math.max(1, clock.getAsLong());
        notifyAll(); // a place is free for the first in the queue
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
