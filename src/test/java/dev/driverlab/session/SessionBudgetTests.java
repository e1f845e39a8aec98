package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Server-wide budgets: live sessions hold a bounded heap together (the least recently used are evicted and come back
 * by replay), and a session busy with one request never holds up the sweep, other sessions, or a second request
 * beyond the batch time limit.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"driverlab.sessions.max-total-bytes=6MB", "driverlab.sessions.batch-time=300ms"})
class SessionBudgetTests {
    @LocalServerPort
    int port;

    @Autowired
    SessionService sessions;

    @Autowired
    SessionRecords records;

    String newSessionWithIrqs(int irqs) {
        String id = sessions.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null)
                .id();
        sessions.apply(id, List.of("insmod devm_irq_tasklet"));
        // in batches well under the short batch time this class sets, so a loaded machine cannot refuse them
        for (int left = irqs; left > 0; left -= 25)
            sessions.apply(id, Collections.nCopies(Math.min(left, 25), "irq 17"));
        return id;
    }

    @Test
    void pastTheHeapBudgetTheLeastRecentlyUsedSessionsAreEvictedAndRebuiltOnDemand() {
        String first = newSessionWithIrqs(300);
        Function<Session, String> trace = s -> SessionTests.trace(s.engine());
        String before = sessions.read(first, trace);
        for (int i = 0; i < 6; i++) newSessionWithIrqs(300);
        assertThat(sessions.liveBytes()).isLessThanOrEqualTo(6L << 20);
        assertThat(sessions.isLive(first)).isFalse();
        assertThat(sessions.read(first, trace)).isEqualTo(before);
    }

    @Test
    void aDeletedSessionsMemoryIsNoLongerCounted() {
        String id = newSessionWithIrqs(50);
        long with = sessions.liveBytes();
        long own = sessions.read(id, Session::bytes);
        sessions.delete(id);
        assertThat(sessions.liveBytes()).isEqualTo(with - own);
    }

    @Test
    void aSessionInUseDoesNotHoldUpTheSweepOfOthers() throws Exception {
        String busy = newSessionWithIrqs(1);
        String other = newSessionWithIrqs(1);
        Holder holder = new Holder(busy);
        try {
            sessions.apply(other, List.of("irq 17"));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sessions.sweep(Instant.now()));
            assertThat(records.findById(other).orElseThrow().history()).contains("irq 17\",\"irq 17");
            assertThat(records.findById(busy).orElseThrow().history()).contains("irq 17");
            // the idle-eviction sweep leaves the session in use alone, and stores the rest
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> sessions.sweep(Instant.now().plus(Duration.ofDays(1))));
            assertThat(sessions.isLive(busy)).isTrue();
            assertThat(sessions.isLive(other)).isFalse();
        } finally {
            holder.release();
        }
    }

    @Test
    void aRequestForASessionBusyPastTheBatchTimeIsAnsweredBusyNotQueuedForever() throws Exception {
        ApiClient api = new ApiClient(port);
        String busy = newSessionWithIrqs(1);
        Holder holder = new Holder(busy);
        try {
            HttpResponse<String> r =
                    api.post("/api/sessions/" + busy + "/commands", Map.of("commands", List.of("irq 17")));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(ApiClient.json(r).get("code").asString()).isEqualTo("busy");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        } finally {
            holder.release();
        }
        assertThat(api.post("/api/sessions/" + busy + "/commands", Map.of("commands", List.of("irq 17")))
                        .statusCode())
                .isEqualTo(200);
    }

    /** Another request that holds a session's lock until released. */
    private final class Holder {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        Holder(String id) throws InterruptedException {
            thread = new Thread(() -> sessions.read(id, s -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            thread.start();
            holding.await();
        }

        void release() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }
}
