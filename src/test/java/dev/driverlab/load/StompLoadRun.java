package dev.driverlab.load;

import com.sun.management.OperatingSystemMXBean;
import dev.driverlab.DriverLab;
import dev.driverlab.session.History;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionService;
import dev.driverlab.web.api.ApiClient;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Type;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The load run of README "Performance" (a main, not a test): starts the application in this JVM, creates N
 * sessions over REST (insmod applied), measures heap per idle session, then has every session send one command
 * ({@code irq 17}) every interval over its own STOMP connection and measures, per command, the time from the send
 * to the arrival of the batch's last pushed frame (the state frame after its events). Prints commands/s, p50/p99
 * latency, errors, and heap per session before and after.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-Xmx2g -cp %classpath dev.driverlab.load.StompLoadRun --sessions 500 --seconds 60 --interval-ms 100"
 * </pre>
 * Client and server share the machine (and this JVM), so the figures are a floor for the server alone. With
 * {@code --warmup S}, the same load runs S seconds first (and is drained) before the measured window, so the CPU per
 * command is that of compiled code however long the JIT takes on a busy machine; the CPU by thread pool includes the
 * JVM's garbage collector and JIT compiler threads (read from /proc on Linux).
 */
public final class StompLoadRun {
    private static final String STATE = "\"type\":\"state\"";
    /** The bytes of every frame received (their JSON bodies), for bytes per command. */
    private static final AtomicLong PUSHED_BYTES = new AtomicLong();
    /** Every answered command as (sent at, latency) in ns: where in the window the tail is (a stall, or spread). */
    private static final ConcurrentLinkedQueue<long[]> TIMELINE = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int sessions = Integer.parseInt(o.getOrDefault("sessions", "500"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int interval = Integer.parseInt(o.getOrDefault("interval-ms", "100"));
        // Seconds of the same load before the measured window: the JIT compiles the command's path first, so the
        // CPU per command measured after it does not depend on how long warm-up takes on a busy machine.
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));

        ConfigurableApplicationContext app = new SpringApplicationBuilder(DriverLab.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:load;DB_CLOSE_DELAY=-1",
                        "--driverlab.catalog.badges-at-startup=false", // no catalog searches competing with the run
                        "--driverlab.api.rate.create.capacity=1000000",
                        "--driverlab.api.rate.commands.capacity=1000000",
                        "--driverlab.api.rate.commands.per-minute=1000000",
                        "--driverlab.sessions.max-live=" + Math.max(2000, sessions),
                        "--logging.level.root=WARN",
                        "--server.tomcat.threads.max=50");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        ApiClient api = new ApiClient(port);

        rewindFigures(app.getBean(SessionService.class));
        long heap0 = usedHeapAfterGc();
        String[] ids = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            ids[i] = api.newSession("devm-irq-tasklet");
            HttpResponse<String> r =
                    api.post("/api/sessions/" + ids[i] + "/commands", "{\"commands\":[\"insmod devm_irq_tasklet\"]}");
            if (r.statusCode() != 200) throw new IllegalStateException(r.body());
        }
        long heap1 = usedHeapAfterGc();

        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(256 * 1024); // Tomcat allocates it per connection, up front
        WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient(container));
        stomp.setMessageConverter(new RawJson());
        stomp.setInboundMessageSizeLimit(256 * 1024);

        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Client> clients = new ArrayList<>();
        for (String id : ids) {
            StompSession s = stomp.connectAsync("ws://localhost:" + port + "/ws", new StompSessionHandlerAdapter() {})
                    .get(30, TimeUnit.SECONDS);
            Client c = new Client(id, s);
            c.latencies = latencies;
            s.subscribe("/topic/sessions/" + id, c.handler(errors, lastDone, true));
            s.subscribe("/user/queue/errors", c.handler(errors, lastDone, false));
            clients.add(c);
        }
        Thread.sleep(1000); // let the subscriptions land before the first send

        if (warmup > 0) {
            ConcurrentLinkedQueue<Long> warm = new ConcurrentLinkedQueue<>();
            AtomicLong warmSent = new AtomicLong();
            clients.forEach(c -> c.latencies = warm);
            offer(clients, interval, warmup, warmSent, new AtomicLong());
            awaitDone(() -> warm.size() + errors.get() >= warmSent.get(), 120);
            clients.forEach(c -> c.latencies = latencies);
            errors.set(0);
            PUSHED_BYTES.set(0);
        }
        Map<String, Long> cpu0 = threadCpu();
        long process0 = processCpu();
        long start = System.nanoTime();
        offer(clients, interval, seconds, sent, errors);
        awaitDone(() -> latencies.size() + errors.get() >= sent.get(), 10);
        double elapsed = (lastDone.get() - start) / 1e9; // until the last answer: a backlog stretches it
        long lost = sent.get() - latencies.size() - errors.get();
        long processCpu = processCpu() - process0;
        Map<String, Long> cpu = threadCpu();
        cpu0.forEach((k, v) -> cpu.merge(k, -v, Long::sum));

        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        for (Client c : clients) c.session.disconnect();
        stomp.stop();
        long heap2 = usedHeapAfterGc();

        System.out.printf(
                "%nload run: %d sessions, one command every %d ms each, %d s, %d CPUs%n",
                sessions, interval, seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "commands sent %d (%.0f/s), completed %d in %.1f s: %.0f commands/s%n",
                sent.get(), sent.get() / (double) seconds, l.length, elapsed, l.length / elapsed);
        System.out.printf(
                "latency send -> last pushed frame: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(l, 50), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        System.out.printf("errors %d, lost %d%n", errors.get(), lost);
        printTimeline(start, seconds);
        System.out.printf(
                "pushed to watchers: %.0f bytes a command (frame bodies)%n",
                l.length == 0 ? 0 : PUSHED_BYTES.get() / (double) l.length);
        System.out.printf(
                "CPU: %.3f ms a completed command (process, client included: %.1f s in all); by thread pool:%n",
                l.length == 0 ? 0 : processCpu / 1e6 / l.length, processCpu / 1e9);
        cpu.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> System.out.printf("  %-40s %8.1f s%n", e.getKey(), e.getValue() / 1e9));
        System.out.printf(
                "heap per idle session (after insmod): %.1f KiB; after the run: %.1f KiB%n",
                (heap1 - heap0) / 1024.0 / sessions, (heap2 - heap0) / 1024.0 / sessions);
        app.close();
        System.exit(0);
    }

    /** p99 and max latency of the commands sent in each 5 s of the measured window. */
    private static void printTimeline(long start, int seconds) {
        StringBuilder line = new StringBuilder("by 5 s of sending (p99/max ms):");
        for (int from = 0; from < seconds; from += 5) {
            long lo = start + TimeUnit.SECONDS.toNanos(from);
            long hi = lo + TimeUnit.SECONDS.toNanos(5);
            long[] l = TIMELINE.stream()
                    .filter(t -> t[0] >= lo && t[0] < hi)
                    .mapToLong(t -> t[1])
                    .sorted()
                    .toArray();
            if (l.length > 0) line.append(String.format(" %.0f/%.0f", pct(l, 99), l[l.length - 1] / 1e6));
        }
        System.out.println(line);
    }

    /** Every client sends one {@code irq 17} every interval (at a random phase) for the given seconds. */
    private static void offer(List<Client> clients, int interval, int seconds, AtomicLong sent, AtomicLong errors)
            throws InterruptedException {
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
        long start = System.nanoTime();
        for (Client c : clients) {
            senders.scheduleAtFixedRate(
                    () -> {
                        if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(seconds)) return;
                        c.pending.add(System.nanoTime());
                        try {
                            StompHeaders h = new StompHeaders();
                            h.setDestination("/app/sessions/" + c.id + "/commands");
                            h.setContentType(MimeTypeUtils.APPLICATION_JSON);
                            c.session.send(h, "{\"commands\":[\"irq 17\"]}");
                            sent.incrementAndGet();
                        } catch (RuntimeException e) {
                            c.pending.poll();
                            errors.incrementAndGet();
                        }
                    },
                    ThreadLocalRandom.current().nextInt(interval),
                    interval,
                    TimeUnit.MILLISECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Waits until every command sent is answered, or the seconds are up. */
    private static void awaitDone(BooleanSupplier done, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && System.nanoTime() < until) Thread.sleep(50);
    }

    private static final class Client {
        final String id;
        final StompSession session;
        final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
        /** Where this client's latencies go: the warm-up's, then the measured window's. */
        volatile ConcurrentLinkedQueue<Long> latencies;

        Client(String id, StompSession session) {
            this.id = id;
            this.session = session;
        }

        /** A batch ends with one state frame (on the topic) or one error frame (to the user): either ends a send. */
        StompFrameHandler handler(AtomicLong errors, AtomicLong lastDone, boolean topic) {
            return new StompFrameHandler() {
                @Override
                public Type getPayloadType(StompHeaders headers) {
                    return String.class;
                }

                @Override
                public void handleFrame(StompHeaders headers, Object payload) {
                    if (topic && !((String) payload).contains(STATE)) return;
                    Long sentAt = pending.poll();
                    if (sentAt == null) return;
                    long now = System.nanoTime();
                    lastDone.accumulateAndGet(now, Math::max);
                    if (topic) latencies.add(now - sentAt);
                    if (topic) TIMELINE.add(new long[] {sentAt, now - sentAt});
                    else errors.incrementAndGet();
                }
            };
        }
    }

    /**
     * Frames as the first bytes of their JSON only: a push frame starts with its {@code type}, which is all the
     * client needs; decoding and parsing every pushed event would load the shared CPUs more than the server does.
     */
    /** Keeps a frame's first 64 bytes as text: enough to see its type, without the cost of parsing it. */
    static final class RawJson extends AbstractMessageConverter {
        RawJson() {
            super(MimeTypeUtils.APPLICATION_JSON);
        }

        @Override
        protected boolean supports(Class<?> clazz) {
            return clazz == String.class;
        }

        @Override
        protected Object convertFromInternal(Message<?> message, Class<?> targetClass, Object hint) {
            byte[] json = (byte[]) message.getPayload();
            PUSHED_BYTES.addAndGet(json.length);
            return new String(json, 0, Math.min(json.length, 64), StandardCharsets.UTF_8);
        }

        @Override
        protected Object convertToInternal(Object payload, MessageHeaders headers, Object hint) {
            return ((String) payload).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Rewinds of a ~10,000-step session to random steps, warmed up: the snapshot + partial replay path. */
    private static void rewindFigures(SessionService sessions) {
        List<String> commands = new ArrayList<>(List.of("insmod devm_irq_tasklet"));
        commands.addAll(Collections.nCopies(120, "irq 17"));
        History history = History.of(commands);
        ScenarioSpec spec = ScenarioSpec.builtIn("devm-irq-tasklet");
        long[] times = new long[300];
        long steps = 0;
        for (int i = 0; i < times.length + 100; i++) {
            Session s = sessions.replayDetached(spec, history);
            steps = s.engine().machine().steps();
            long target = ThreadLocalRandom.current().nextLong(steps);
            long t0 = System.nanoTime();
            s.rewind(target);
            if (i >= 100) times[i - 100] = System.nanoTime() - t0; // the first 100 warm the JIT up
        }
        Arrays.sort(times);
        System.out.printf(
                "%nrewind of a %d-step session to a random step: p50 %.2f ms, p99 %.2f ms%n",
                steps, pct(times, 50), pct(times, 99));
    }

    /** CPU time of the live threads, summed per pool (a thread's name without its number). */
    static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byPool = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) continue;
            long ns = threads.getThreadCpuTime(t.getThreadId());
            if (ns > 0) byPool.merge(t.getThreadName().replaceAll("[0-9]+", "N"), ns, Long::sum);
        }
        jvmThreadCpu(byPool);
        return byPool;
    }

    /**
     * The JVM's own threads, which the thread bean does not list: the collector's and the JIT compilers', read from
     * Linux's /proc/self/task (user + system ticks of 10 ms). Elsewhere, nothing is added.
     */
    private static void jvmThreadCpu(Map<String, Long> byPool) {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) return;
        for (File task : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm")).trim();
                String pool = name.startsWith("GC Thread") || name.startsWith("G1 ")
                        ? "(JVM) garbage collector"
                        : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                                ? "(JVM) JIT compilers"
                                : null;
                if (pool == null) continue;
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
                byPool.merge(pool, ticks * 10_000_000L, Long::sum);
            } catch (IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
    }

    static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected " + Arrays.toString(args));
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
