package dev.driverlab.load;

import dev.driverlab.DriverLab;
import dev.driverlab.web.api.ApiClient;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

/**
 * The workshop load run of README "A room of 200" (a main, not a test): starts the application in this JVM, creates
 * a room, has N students join over REST and follow the room's topic over their own STOMP connections, then the
 * teacher runs one command on the presented session every interval. For each step it times, from the teacher's
 * send to the arrival of the step frame, every student (p50, p99) and the last student (step → everyone). Then
 * every student answers one question at once, and the teacher's tally must count every answer.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-Xmx2g -cp %classpath dev.driverlab.load.RoomLoadRun --students 200 --steps 100 --interval-ms 200"
 * </pre>
 */
public final class RoomLoadRun {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].substring(2), args[i + 1]);
        int students = Integer.parseInt(o.getOrDefault("students", "200"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "100"));
        int interval = Integer.parseInt(o.getOrDefault("interval-ms", "200"));

        ConfigurableApplicationContext app = new SpringApplicationBuilder(DriverLab.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:roomload;DB_CLOSE_DELAY=-1",
                        "--driverlab.catalog.badges-at-startup=false", // no catalog searches competing with the run
                        "--driverlab.api.rate.create.capacity=1000000",
                        "--driverlab.api.rate.commands.capacity=1000000",
                        "--driverlab.api.rate.commands.per-minute=1000000",
                        "--driverlab.api.rate.lookup.capacity=1000000",
                        "--logging.level.root=WARN");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        ApiClient api = new ApiClient(port);
        JsonNode room = ApiClient.json(api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet")));
        String code = room.get("code").asString();
        String teacher = room.get("teacherToken").asString();
        String session = room.get("sessionId").asString();
        api.post("/api/sessions/" + session + "/commands", Map.of("commands", List.of("insmod devm_irq_tasklet")));

        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(256 * 1024);
        WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient(container));
        stomp.setMessageConverter(new StompLoadRun.RawJson());
        stomp.setInboundMessageSizeLimit(256 * 1024);

        long[][] arrivals = new long[students][steps];
        List<String[]> members = new ArrayList<>();
        List<StompSession> connections = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            JsonNode m = ApiClient.json(api.post("/api/rooms/" + code + "/members", Map.of("name", "student " + i)));
            members.add(
                    new String[] {m.get("memberId").asString(), m.get("token").asString()});
            StompSession s = stomp.connectAsync("ws://localhost:" + port + "/ws", new StompSessionHandlerAdapter() {})
                    .get(30, TimeUnit.SECONDS);
            int student = i;
            int[] seen = {0};
            s.subscribe(room.get("topic").asString(), new StompFrameHandler() {
                @Override
                public Type getPayloadType(StompHeaders headers) {
                    return String.class;
                }

                @Override
                public void handleFrame(StompHeaders headers, Object payload) {
                    if (((String) payload).contains("\"type\":\"step\"") && seen[0] < steps) {
                        arrivals[student][seen[0]++] = System.nanoTime();
                    }
                }
            });
            connections.add(s);
        }
        Thread.sleep(1500); // the subscriptions land

        long[] sent = new long[steps];
        for (int k = 0; k < steps; k++) {
            sent[k] = System.nanoTime();
            var r = api.post("/api/sessions/" + session + "/commands", Map.of("commands", List.of("irq 17")));
            if (r.statusCode() != 200) throw new IllegalStateException(r.body());
            Thread.sleep(interval);
        }
        Thread.sleep(2000);
        List<Long> each = new ArrayList<>();
        long[] everyone = new long[steps];
        long missing = 0;
        for (int k = 0; k < steps; k++) {
            long last = 0;
            for (int i = 0; i < students; i++) {
                if (arrivals[i][k] == 0) {
                    missing++;
                    continue;
                }
                long l = arrivals[i][k] - sent[k];
                each.add(l);
                last = Math.max(last, l);
            }
            everyone[k] = last;
        }
        long[] all = each.stream().mapToLong(Long::longValue).sorted().toArray();
        Arrays.sort(everyone);

        // Every student answers one question at once.
        JsonNode q =
                ApiClient.json(send(api, "/api/rooms/" + code + "/questions", teacher, null, "{\"kind\":\"next\"}"));
        String answer = q.get("choices").get(0).asString();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String[] m : members) {
            futures.add(pool.submit(() -> statuses.add(send(
                            api,
                            "/api/rooms/" + code + "/questions/" + q.get("id").asString() + "/answers",
                            m[1],
                            m[0],
                            "{\"answer\":" + ApiClient.JSON.writeValueAsString(answer) + "}")
                    .statusCode())));
        }
        for (Future<?> f : futures) f.get();
        double answerMillis = (System.nanoTime() - t0) / 1e6;
        pool.shutdown();
        JsonNode tally = ApiClient.json(send(api, "/api/rooms/" + code, teacher, null, null))
                .get("question");

        System.out.printf(
                "%nroom load run: %d students on STOMP, %d steps every %d ms, %d CPUs%n",
                students, steps, interval, Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "teacher's send -> a student's step frame: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(all, 50), pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf(
                "teacher's send -> the last of %d students has the step: p50 %.1f ms, p99 %.1f ms%n",
                students, pct(everyone, 50), pct(everyone, 99));
        System.out.printf("step frames missing: %d of %d%n", missing, (long) students * steps);
        System.out.printf(
                "%d answers at once in %.0f ms: %d accepted (204), tally %s, answered %d%n",
                students,
                answerMillis,
                statuses.stream().filter(s -> s == 204).count(),
                tally.get("tally").get(answer),
                tally.get("answered").asInt());
        for (StompSession s : connections) s.disconnect();
        app.close();
        System.exit(0);
    }

    private static HttpResponse<String> send(ApiClient api, String path, String token, String member, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/json")
                .header("X-Room-Token", token);
        if (member != null) b.header("X-Room-Member", member);
        return api.send(body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
