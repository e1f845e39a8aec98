package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The content hash that state fingerprints use is kept up to date by every write, and depends only on the contents:
 * the same bytes reached by different writes hash equal, different bytes differ, zeroed memory hashes as fresh.
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
        assertThat(c.contentHash()).isNotEqualTo(a.contentHash());
        memory.write(a.base, 4, 43);
        assertThat(c.contentHash()).isEqualTo(a.contentHash());
    }
}
