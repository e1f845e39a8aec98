package dev.driverlab.web.api;

import dev.driverlab.engine.Program;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.http.RetryLaterException;
import dev.driverlab.web.wire.ExploreResultDto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's badges for the built-in scenarios: whether a scenario's script ends in a bug report (the "has a bug"
 * badge, from the script's outcome) and the result of its declared race search. Each is computed once per build and
 * kept in table {@code catalog_badge}, keyed by the scenario's content hash and the {@link #build() build}, so a
 * restart of the same build serves them at once, and a new build or an edited scenario computes them again.
 *
 * <p>A server computes what the table lacks in the background, one at a time (scripts first: they are quick; then
 * the searches in catalog order, each taking a place in the search queue like a user's): at startup when
 * {@code driverlab.catalog.badges-at-startup} is set (as in production), else when the catalog is first shown. The
 * catalog shows what is known and fills in the rest as it comes ({@link #known}); asking for one badge computes it
 * at once if the background has not reached it yet. Two servers on one database may both compute a badge: the first
 * stored wins, the second finds it.
 */
@Component
public class CatalogBadges {
    private static final Logger log = LoggerFactory.getLogger(CatalogBadges.class);
    static final String SCRIPT = "script";
    static final String RACE = "race";
    /** How long the background waits before asking again for a place in a full search queue. */
    private static final long QUEUE_RETRY_MILLIS = 5_000;

    private final JdbcTemplate jdbc;
    private final ExploreJobs jobs;
    private final JsonMapper json;
    private final Supplier<List<Scenario>> library;
    private final boolean atStartup;
    /** {@link #build()}, hashed at first use (the prelude's sources are read and hashed: not on the startup path). */
    private final Supplier<String> buildSource;

    private volatile String build;
    /** Results by {@code kind:id}, as stored: "true"/"false" for a script, the search's JSON for a race. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<String>> computing = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Done once what the table holds for this build is in {@link #known}. */
    private final CompletableFuture<Void> preloaded = new CompletableFuture<>();

    private final AtomicInteger computed = new AtomicInteger();
    private volatile boolean done;

    @Autowired
    CatalogBadges(
            JdbcTemplate jdbc,
            ExploreJobs jobs,
            JsonMapper json,
            ObjectProvider<BuildProperties> buildInfo,
            @Value("${driverlab.catalog.badges-at-startup:false}") boolean atStartup) {
        this(
                jdbc,
                jobs,
                json,
                () -> ScenarioLibrary.builtIn().all(),
                atStartup,
                () -> build(buildInfo.getIfAvailable()));
    }

    CatalogBadges(
            JdbcTemplate jdbc,
            ExploreJobs jobs,
            JsonMapper json,
            Supplier<List<Scenario>> library,
            boolean atStartup,
            String build) {
        this(jdbc, jobs, json, library, atStartup, () -> build);
    }

    private CatalogBadges(
            JdbcTemplate jdbc,
            ExploreJobs jobs,
            JsonMapper json,
            Supplier<List<Scenario>> library,
            boolean atStartup,
            Supplier<String> build) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.json = json;
        this.library = library;
        this.atStartup = atStartup;
        this.buildSource = build;
    }

    /**
     * The build the badges hold for: the application's build (version and time, when the jar carries its build
     * info) and the kernel prelude's sources, hashed.
     */
    static String build(BuildProperties info) {
        StringBuilder b = new StringBuilder();
        if (info != null)
            b.append(info.getVersion()).append('@').append(info.getTime()).append('\n');
        for (SourceFile f : Program.preludeSources())
            b.append(f.name()).append('\n').append(f.text()).append('\n');
        return sha256(b.toString());
    }

    String build() {
        String b = build;
        if (b == null) build = b = buildSource.get(); // the same value if two threads both compute it
        return b;
    }

    /** At startup everything happens in the background, the reading of the table too: the server is ready first. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (atStartup && started.compareAndSet(false, true)) background(true);
    }

    /**
     * Reads what the table holds for this build (so what is known shows once this returns), then computes the rest
     * in the background; once per server: later calls return once the first one's reading of the table is done.
     */
    public void start() {
        if (started.compareAndSet(false, true)) {
            preloadOnce();
            background(false);
        } else {
            preloaded.join();
        }
    }

    private void background(boolean preload) {
        Thread t = new Thread(
                () -> {
                    if (preload) preloadOnce();
                    computeAll();
                },
                "catalog-badges");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private void preloadOnce() {
        try {
            preload(library.get());
        } catch (ScenarioException e) { // the catalog reports it; the background logs it
        } catch (RuntimeException e) { // the database: the background computes what it cannot read
            log.error("catalog badges: reading the stored badges failed", e);
        } finally {
            preloaded.complete(null);
        }
    }

    /** Whether the background has computed (or found) every badge. */
    public boolean done() {
        return done;
    }

    /** How many badges this server computed rather than found (in memory or in the table). */
    public int computed() {
        return computed.get();
    }

    /** Whether the scenario's script ends in a bug report, if known yet. */
    public Optional<Boolean> reportsBug(Scenario s) {
        return known(SCRIPT, s).map(Boolean::parseBoolean);
    }

    /** The result of the scenario's declared search as JSON, if known yet. */
    public Optional<String> race(Scenario s) {
        return known(RACE, s);
    }

    /** The result of the scenario's declared search as JSON, computed now if it is not known yet. */
    public String raceNow(Scenario s) {
        return get(RACE, s, () -> search(s));
    }

    /** Whether the scenario's script ends in a bug report, computed now if it is not known yet. */
    public boolean reportsBugNow(Scenario s) {
        return Boolean.parseBoolean(get(SCRIPT, s, () -> script(s)));
    }

    private Optional<String> known(String kind, Scenario s) {
        return Optional.ofNullable(known.get(kind + ":" + s.id()));
    }

    /** What the table holds for these scenarios' contents under this build, into memory: one query. */
    private void preload(List<Scenario> all) {
        Map<String, String> hashes = new HashMap<>();
        for (Scenario s : all) hashes.put(s.id(), contentHash(s));
        jdbc.query(
                "SELECT scenario, kind, content_hash, result FROM catalog_badge WHERE build = ?",
                row -> {
                    if (row.getString("content_hash").equals(hashes.get(row.getString("scenario")))) {
                        known.put(row.getString("kind") + ":" + row.getString("scenario"), row.getString("result"));
                    }
                },
                build());
    }

    private void computeAll() {
        long t0 = System.nanoTime();
        try {
            List<Scenario> all = library.get();
            for (Scenario s : all) compute(SCRIPT, s, () -> script(s));
            for (Scenario s : all) if (!s.search().isEmpty()) compute(RACE, s, () -> search(s));
            log.info(
                    "catalog badges: {} computed, the rest from the database, in {} ms",
                    computed.get(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (ScenarioException e) {
            log.error("catalog badges: the built-in library does not load: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    /** One badge in the background: waits its turn while the search queue is full; a failure costs only that badge. */
    private void compute(String kind, Scenario s, Supplier<String> compute) throws InterruptedException {
        while (true) {
            try {
                get(kind, s, compute);
                return;
            } catch (RetryLaterException e) { // the queue is full of users' searches: theirs first
                Thread.sleep(QUEUE_RETRY_MILLIS);
            } catch (RuntimeException e) {
                log.error("catalog badges: the {} badge of {} failed", kind, s.id(), e);
                return;
            }
        }
    }

    /** The badge from memory, else from the table, else computed and stored; one computation per badge at a time. */
    private String get(String kind, Scenario s, Supplier<String> compute) {
        String key = kind + ":" + s.id();
        String hit = known.get(key);
        if (hit != null) return hit;
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> theirs = computing.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        }
        try {
            String result = load(kind, s);
            if (result == null) {
                result = compute.get();
                computed.incrementAndGet();
                store(kind, s, result);
            }
            known.put(key, result);
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key, mine);
        }
    }

    private String load(String kind, Scenario s) {
        List<String> rows = jdbc.queryForList(
                "SELECT result FROM catalog_badge WHERE scenario = ? AND kind = ? AND content_hash = ? AND build = ?",
                String.class,
                s.id(),
                kind,
                contentHash(s),
                build());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void store(String kind, Scenario s, String result) {
        String hash = contentHash(s);
        // what other builds or older contents of this scenario computed is of no further use
        jdbc.update(
                "DELETE FROM catalog_badge WHERE scenario = ? AND kind = ? AND (content_hash <> ? OR build <> ?)",
                s.id(),
                kind,
                hash,
                build());
        try {
            jdbc.update(
                    "INSERT INTO catalog_badge (scenario, kind, content_hash, build, result, computed_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    s.id(),
                    kind,
                    hash,
                    build(),
                    result,
                    Timestamp.from(Instant.now()));
        } catch (DataIntegrityViolationException e) {
            // another server of this build stored it first: the same deterministic result
        }
    }

    /** The scenario's content, hashed: every field as the API serves it (source files, world, scripts, search). */
    String contentHash(Scenario s) {
        return sha256(json.writeValueAsString(s));
    }

    private static String script(Scenario s) {
        return Boolean.toString(ScenarioLibrary.scriptReportsBug(s));
    }

    private String search(Scenario s) {
        // the server's own search takes a place in the queue like a user's
        try (ExploreJobs.Running job =
                jobs.start(null, "server: catalog badge " + s.id(), ExploreController.MAX_MILLIS)) {
            return json.writeValueAsString(ExploreResultDto.of(ExploreRunner.explore(
                    s,
                    ExploreRunner.defaultSetup(s),
                    s.search().events(),
                    ExploreRunner.Options.of(s, null, null),
                    new Explorer.Bounds(s.search().depth(), ExploreController.MAX_STATES, ExploreController.MAX_MILLIS),
                    null,
                    job.cancelled())));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
