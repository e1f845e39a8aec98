package dev.driverlab.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TraceTests {

    private static void fill(Trace t, int from, int to, String tag) {
        int ctx = t.intern(tag);
        for (int i = from; i < to; i++) {
            if (i % 3 == 0) t.add(EventKind.STATEMENT, i, i % 2, ctx, ctx, i);
            else t.add(EventKind.REFCOUNT, i, 1, ctx, ctx, i, i, i - 1, i + 1, tag + i);
        }
    }

    @Test
    void aCopySharesThePastButNeitherSideSeesTheOthersFuture() {
        Trace original = new Trace();
        fill(original, 0, 2500, "a");
        Trace snapshot = original.copy();
        fill(original, 2500, 5000, "b");
        assertThat(snapshot.size()).isEqualTo(2500);
        assertThat(snapshot.event(2499)).isEqualTo(original.event(2499));
        fill(snapshot, 2500, 3000, "c");
        assertThat(snapshot.event(2600).context()).isEqualTo("c");
        assertThat(original.event(2600).context()).isEqualTo("b");
        assertThat(original.event(2600).text()).isEqualTo("b2600");
    }

    @Test
    void truncatingACopyIntoASharedChunkLeavesTheOriginalIntact() {
        Trace original = new Trace();
        fill(original, 0, 3000, "a");
        Trace rewound = original.copy();
        rewound.truncate(1500);
        fill(rewound, 1500, 2200, "r");
        assertThat(rewound.size()).isEqualTo(2200);
        assertThat(rewound.event(1600).context()).isEqualTo("r");
        assertThat(original.event(1600).context()).isEqualTo("a");
        assertThat(original.event(1601).text()).isEqualTo("a1601");
        assertThat(rewound.event(1499)).isEqualTo(original.event(1499));
    }

    @Test
    void copiesAndRewindsAtAChunkBoundaryGoOnAlone() {
        Trace original = new Trace();
        fill(original, 0, 2048, "a"); // exactly two chunks
        Trace copy = original.copy();
        fill(copy, 2048, 2100, "c");
        fill(original, 2048, 2100, "b");
        assertThat(copy.event(2050).context()).isEqualTo("c");
        assertThat(original.event(2050).context()).isEqualTo("b");
        Trace rewound = original.copy();
        rewound.truncate(1024);
        fill(rewound, 1024, 1100, "r");
        original.truncate(1030);
        fill(original, 1030, 1040, "o");
        assertThat(rewound.event(1030).context()).isEqualTo("r");
        assertThat(original.event(1030).context()).isEqualTo("o");
        assertThat(original.event(1029).context()).isEqualTo("a");
        assertThat(copy.event(1030).context()).isEqualTo("a");
    }

    @Test
    void aStringInternedFromManyThreadsAtOnceHasOneId() throws Exception {
        Trace t = new Trace();
        int threads = 4;
        List<Callable<List<Integer>>> tasks = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            tasks.add(() -> {
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < 2000; i++) ids.add(t.intern("s" + i));
                return ids;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> done = pool.invokeAll(tasks);
            List<Integer> first = done.get(0).get();
            for (Future<List<Integer>> f : done) assertThat(f.get()).isEqualTo(first);
            assertThat(Set.copyOf(first)).hasSize(2000);
            for (int i = 0; i < 2000; i++) assertThat(t.string(first.get(i))).isEqualTo("s" + i);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eventsCarryEveryField() {
        Trace t = new Trace();
        int ctx = t.intern("irq17");
        int fn = t.intern("irq_handler");
        t.add(EventKind.REFCOUNT, 42, 1, ctx, fn, 23, 7, 1, 2, "kref");
        TraceEvent e = t.event(0);
        assertThat(e).isEqualTo(new TraceEvent(0, 42, 1, "irq17", "irq_handler", 23, "refcount", 7L, 1L, 2L, "kref"));
    }
}
