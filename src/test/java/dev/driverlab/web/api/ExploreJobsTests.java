package dev.driverlab.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.session.BadRequestException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExploreJobsTests {
    final AtomicLong now = new AtomicLong(1_000);
    final ExploreJobs jobs = new ExploreJobs(2, now::get);

    @Test
    void oneSearchPerClientAtATimeWithRetryAfterUntilItsDeadline() {
        ExploreJobs.Running first = jobs.start(null, "a", 10_000);
        assertThatThrownBy(() -> jobs.start(null, "a", 10_000)).isInstanceOfSatisfying(RetryLaterException.class,
                e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(10);
                });
        first.close();
        jobs.start(null, "a", 10_000).close();
    }

    @Test
    void atMostMaxRunningSearchesInAllThen503() {
        jobs.start(null, "a", 5_000);
        ExploreJobs.Running b = jobs.start(null, "b", 5_000);
        assertThatThrownBy(() -> jobs.start(null, "c", 5_000)).isInstanceOfSatisfying(RetryLaterException.class,
                e -> assertThat(e.status().value()).isEqualTo(503));
        b.close();
        jobs.start(null, "c", 5_000);
    }

    @Test
    void aJobIdMustBeIssuedAndIsUsedOnce() {
        assertThatThrownBy(() -> jobs.start("AAAAAAAAAAAAAAAAAAAAAA", "a", 1_000))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("POST /api/explore/jobs");
        String id = jobs.issue("a");
        jobs.start(id, "a", 1_000).close();
        assertThatThrownBy(() -> jobs.start(id, "a", 1_000)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void unstartedJobsExpireAndFinishedOnesAreForgottenAfterAWhile() {
        String unstarted = jobs.issue("a");
        String finished = jobs.issue("b");
        jobs.start(finished, "b", 1_000).close();
        assertThat(jobs.claim(finished, "late subscriber")).as("a late subscription is still accepted").isTrue();
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
        assertThatThrownBy(() -> jobs.issue("one more")).isInstanceOfSatisfying(RetryLaterException.class,
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
