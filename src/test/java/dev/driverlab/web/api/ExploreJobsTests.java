package dev.driverlab.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.session.InvalidRequest;
import dev.driverlab.web.http.RetryLaterException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExploreJobsTests {
    final AtomicLong now = new AtomicLong(1_000);
    final ExploreJobs jobs = new ExploreJobs(2, now::get);

    @Test
    void oneSearchPerClientAtATimeWithRetryAfterUntilItsDeadline() {
        ExploreJobs.Running first = jobs.start(null, "a", 10_000);
        assertThatThrownBy(() -> jobs.start(null, "a", 10_000)).isInstanceOfSatisfying(RetryLaterException.class, e -> {
            assertThat(e.status().value()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isEqualTo(10);
        });
        first.close();
        jobs.start(null, "a", 10_000).close();
    }

    @Test
    void atMostMaxRunningSearchesInAllThenTheQueueThen429() {
        jobs.start(null, "a", 5_000);
        ExploreJobs.Running b = jobs.start(null, "b", 5_000);
        assertThatThrownBy(() -> jobs.start(null, "c", 5_000))
                .as("no queue here")
                .isInstanceOfSatisfying(RetryLaterException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("queue-full");
                });
        b.close();
        jobs.start(null, "c", 5_000);
    }

    @Test
    void pastMaxRunningASearchWaitsItsTurnInABoundedQueue() throws Exception {
        ExploreJobs queued = new ExploreJobs(1, 1, 10_000, now::get);
        ExploreJobs.Running a = queued.start(null, "a", 5_000);
        var executor = Executors.newSingleThreadExecutor();
        try {
            var b = executor.submit(() -> queued.start(null, "b", 5_000));
            while (queued.queued() == 0) Thread.sleep(5);
            assertThatThrownBy(() -> queued.start(null, "c", 5_000))
                    .as("the queue holds one")
                    .isInstanceOfSatisfying(RetryLaterException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(429);
                        assertThat(e.code()).isEqualTo("queue-full");
                    });
            assertThat(b.isDone()).as("b waits while a runs").isFalse();
            a.close();
            b.get(5, TimeUnit.SECONDS).close(); // a's end let b start
            assertThat(queued.queued()).isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aWaitingSearchThatNoPlaceFreesForIsBusyAfterItsWait() {
        ExploreJobs queued = new ExploreJobs(1, 1, 50, now::get);
        queued.start(null, "a", 5_000);
        assertThatThrownBy(() -> queued.start(null, "b", 5_000))
                .isInstanceOfSatisfying(
                        RetryLaterException.class,
                        e -> assertThat(e.status().value()).isEqualTo(503));
        assertThat(queued.queued()).isZero();
    }

    @Test
    void oneSearchAtATimeCountsPerLabConnectionNotPerAddress() {
        ExploreJobs three = new ExploreJobs(3, now::get);
        String page1 = three.issue("10.0.0.1");
        String page2 = three.issue("10.0.0.1");
        String page1again = three.issue("10.0.0.1");
        assertThat(three.claim(page1, "page-1")).isTrue();
        assertThat(three.claim(page2, "page-2")).isTrue();
        assertThat(three.claim(page1again, "page-1")).isTrue();
        three.start(page1, "10.0.0.1", 5_000);
        three.start(page2, "10.0.0.1", 5_000); // another lab page behind the same address (a classroom's NAT)
        assertThatThrownBy(() -> three.start(page1again, "10.0.0.1", 5_000))
                .as("the same page twice")
                .isInstanceOfSatisfying(
                        RetryLaterException.class, e -> assertThat(e.code()).isEqualTo("rate-limited"));
    }

    @Test
    void aJobIdMustBeIssuedAndIsUsedOnce() {
        assertThatThrownBy(() -> jobs.start("AAAAAAAAAAAAAAAAAAAAAA", "a", 1_000))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("POST /api/explore/jobs");
        String id = jobs.issue("a");
        jobs.start(id, "a", 1_000).close();
        assertThatThrownBy(() -> jobs.start(id, "a", 1_000)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void unstartedJobsExpireAndFinishedOnesAreForgottenAfterAWhile() {
        String unstarted = jobs.issue("a");
        String finished = jobs.issue("b");
        jobs.start(finished, "b", 1_000).close();
        assertThat(jobs.claim(finished, "late subscriber"))
                .as("a late subscription is still accepted")
                .isTrue();
        now.addAndGet(Math.max(ExploreJobs.UNSTARTED_MILLIS, ExploreJobs.FINISHED_MILLIS));
        assertThat(jobs.claim(unstarted, "c1")).isFalse();
        assertThat(jobs.claim(finished, "late subscriber")).isFalse();
        assertThat(jobs.size()).isZero();
    }

    @Test
    void aClientKeepsAFewUnstartedJobsAndTheServerABoundedNumber() {
        String oldest = jobs.issue("a");
        for (int i = 1; i < ExploreJobs.MAX_UNSTARTED_PER_CLIENT; i++) jobs.issue("a");
        jobs.issue("a");
        assertThat(jobs.size()).isEqualTo(ExploreJobs.MAX_UNSTARTED_PER_CLIENT);
        assertThat(jobs.claim(oldest, "c1")).as("the oldest made way").isFalse();
        for (int i = jobs.size(); i < ExploreJobs.MAX_JOBS; i++) jobs.issue("client-" + i);
        assertThatThrownBy(() -> jobs.issue("one more"))
                .isInstanceOfSatisfying(
                        RetryLaterException.class,
                        e -> assertThat(e.status().value()).isEqualTo(503));
    }

    @Test
    void theFirstConnectionToSubscribeOwnsTheJob() {
        String id = jobs.issue("a");
        assertThat(jobs.claim(id, "c1")).isTrue();
        assertThat(jobs.claim(id, "c1")).isTrue();
        assertThat(jobs.claim(id, "c2")).isFalse();
        assertThat(jobs.claim("never issued", "c1")).isFalse();
    }
}
