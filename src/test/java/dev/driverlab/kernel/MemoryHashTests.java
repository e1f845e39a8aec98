package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The content hash that state fingerprints use is kept up to date by every write once asked for (a plain run never
 * asks), and depends only on the contents: the same bytes reached by different writes hash equal, different bytes
 * differ, zeroed memory hashes as fresh, and a hash first asked for late equals one kept from the start.
 */
class MemoryHashTests {
    private final Memory memory = new Memory();

    private MemObject object() {
        return memory.allocate(64, MemObject.Kind.KMALLOC, "struct t", null);
    }

    @Test
    void theSameBytesReachedByDifferentWritesHashEqual() {
        MemObject a = object();
        MemObject b = object();
        memory.write(a.base, 8, 0x0302_01L);
        memory.write(a.base + 1, 1, 7);
        memory.write(a.base + 1, 1, 2);
        memory.write(b.base + 2, 1, 3);
        memory.write(b.base, 2, 0x0201);
        assertThat(a.contentHash()).isEqualTo(b.contentHash()).isNotZero();
        memory.write(b.base + 63, 1, 1);
        assertThat(a.contentHash()).isNotEqualTo(b.contentHash());
    }

    @Test
    void aHashKeptThroughWritesEqualsOneComputedAfterThem() {
        MemObject kept = object();
        MemObject fresh = object();
        memory.write(kept.base, 8, 0x1122_3344_5566_7788L);
        long first = kept.contentHash();
        memory.write(kept.base + 4, 4, 0x99);
        memory.fill(kept.base + 16, 0x5a, 8);
        memory.copy(kept.base + 32, kept.base, 8);
        memory.write(fresh.base, 8, 0x0000_0099_5566_7788L);
        memory.fill(fresh.base + 16, 0x5a, 8);
        memory.write(fresh.base + 32, 8, 0x0000_0099_5566_7788L);
        assertThat(kept.contentHash()).isEqualTo(fresh.contentHash()).isNotEqualTo(first);
        Memory copy = memory.copy(); // a copy carries the kept hash on, each side alone
        copy.write(kept.base + 63, 1, 1);
        memory.write(fresh.base + 63, 1, 1);
        assertThat(copy.object(kept.id).contentHash())
                .isEqualTo(memory.object(fresh.id).contentHash());
    }

    @Test
    void aHashFirstAskedForAfterTheWritesEqualsOneKeptThroughThem() {
        MemObject late = object();
        MemObject kept = object();
        kept.contentHash(); // kept from here on
        for (MemObject o : new MemObject[] {late, kept}) {
            memory.write(o.base, 8, 0x1122_3344_5566_7788L);
            memory.fill(o.base + 16, 0x5a, 8);
            memory.copy(o.base + 40, o.base, 4);
            memory.write(o.base + 2, 2, 0);
        }
        assertThat(late.contentHash()).isEqualTo(kept.contentHash()).isNotZero();
        memory.write(late.base + 60, 4, 7); // and kept from its first hash on
        memory.write(kept.base + 60, 4, 7);
        assertThat(late.contentHash()).isEqualTo(kept.contentHash());
    }

    @Test
    void aCopyOfAnObjectNeverHashedHashesEachSideByItsOwnBytes() {
        MemObject a = object();
        memory.write(a.base, 4, 42);
        Memory copy = memory.copy();
        copy.write(a.base + 4, 4, 43);
        assertThat(memory.object(a.id).contentHash())
                .isNotEqualTo(copy.object(a.id).contentHash());
        memory.write(a.base + 4, 4, 43);
        assertThat(memory.object(a.id).contentHash())
                .isEqualTo(copy.object(a.id).contentHash());
    }

    @Test
    void memsetMemcpyAndZeroingKeepTheHashTrue() {
        MemObject a = object();
        MemObject b = object();
        memory.fill(a.base, 0x5a, 32);
        memory.copy(b.base, a.base, 32);
        assertThat(b.contentHash()).isEqualTo(a.contentHash());
        memory.zero(a.base, 64);
        assertThat(a.contentHash()).isEqualTo(object().contentHash()).isZero();
    }

    @Test
    void aCopyKeepsItsHashAndEachSideMovesOnAlone() {
        MemObject a = object();
        memory.write(a.base, 4, 42);
        Memory copy = memory.copy();
        MemObject c = copy.object(a.id);
        assertThat(c.contentHash()).isEqualTo(a.contentHash());
        copy.write(c.base, 4, 43);
        // objects are shared by the two memories until one writes: what each holds now is read again by id
        assertThat(copy.object(a.id).contentHash())
                .isNotEqualTo(memory.object(a.id).contentHash());
        assertThat(memory.object(a.id).contentHash()).isEqualTo(a.contentHash());
        memory.write(a.base, 4, 43);
        assertThat(copy.object(a.id).contentHash())
                .isEqualTo(memory.object(a.id).contentHash());
    }

    @Test
    void aCopySharesEachObjectUntilOneSideChangesIt() {
        MemObject a = object();
        MemObject b = object();
        memory.write(a.base, 8, 1);
        Memory copy = memory.copy();
        assertThat(copy.object(a.id)).isSameAs(memory.object(a.id));
        copy.write(a.base, 8, 2);
        assertThat(copy.object(a.id)).isNotSameAs(memory.object(a.id));
        assertThat(memory.read(a.base, 8, false)).isEqualTo(1);
        assertThat(copy.object(b.id)).isSameAs(memory.object(b.id)); // untouched: still shared
        memory.free(b.base, null);
        assertThat(memory.object(b.id).live()).isFalse();
        assertThat(copy.object(b.id).live()).isTrue();
    }

    @Test
    void theFingerprintFollowsEverySideOfACopyAcrossManyObjects() {
        for (int i = 0; i < 100; i++) object(); // several chunks of the object table
        MemObject last = object();
        long before = memory.fingerprint();
        Memory copy = memory.copy();
        assertThat(copy.fingerprint()).isEqualTo(before);
        copy.write(last.base + 8, 4, 9);
        assertThat(copy.fingerprint()).isNotEqualTo(before);
        assertThat(memory.fingerprint()).isEqualTo(before);
        memory.write(last.base + 8, 4, 9);
        assertThat(memory.fingerprint()).isEqualTo(copy.fingerprint());
        memory.write(last.base + 8, 4, 0);
        assertThat(memory.fingerprint()).isEqualTo(before);
        copy.free(last.base, null);
        copy.write(memory.object(1).base, 1, 0); // a write of what is there already: same contents
        assertThat(copy.fingerprint()).isNotEqualTo(memory.fingerprint());
    }
}
