package dev.driverlab.kernel;

/** Slab allocation (mm/slub.c as KASAN sees it), string and memory helpers, ERR_PTR, atomics and bit ops. */
final class MemoryPrimitives {
    private MemoryPrimitives() {}

    static final long MAX_ERRNO = 4095;

    static void register(Primitives p) {
        p.add("kmalloc", (e, a) -> mayBlock(e, a[1]) ? alloc(e, a[0], a[1], "kmalloc") : 0);
        p.add("kzalloc", (e, a) -> mayBlock(e, a[1]) ? alloc(e, a[0], a[1], "kmalloc") : 0);
        p.add(
                "kcalloc",
                (e, a) -> mayBlock(e, a[2]) && !mulOverflows(a[0], a[1]) ? alloc(e, a[0] * a[1], a[2], "kmalloc") : 0);
        p.add(
                "kmalloc_array",
                (e, a) -> mayBlock(e, a[2]) && !mulOverflows(a[0], a[1]) ? alloc(e, a[0] * a[1], a[2], "kmalloc") : 0);
        p.add("kvmalloc", (e, a) -> mayBlock(e, a[1]) ? kvmalloc(e, a[0], a[1]) : 0);
        p.add("kvzalloc", (e, a) -> mayBlock(e, a[1]) ? kvmalloc(e, a[0], a[1]) : 0);
        p.add("kfree", (e, a) -> free(e, a[0], "kfree"));
        p.add("kvfree", (e, a) -> Addresses.isVmalloc(a[0]) ? vfree(e, a[0], "kvfree") : free(e, a[0], "kvfree"));
        p.add("vmalloc", (e, a) -> vmalloc(e, a[0], 0xcc0, "vmalloc")); // GFP_KERNEL
        p.add("vzalloc", (e, a) -> vmalloc(e, a[0], 0xdc0, "vzalloc")); // memory here is zeroed anyway
        p.add("vfree", (e, a) -> vfree(e, a[0], "vfree"));
        p.add("is_vmalloc_addr", (e, a) -> Addresses.isVmalloc(a[0]) ? 1 : 0);
        // mm/kasan for krealloc and ksize (mm/slab_common.c): the one-byte check, the object's real size, and the
        // bytes KASAN allows from now on
        p.add("kasan_check_byte", (e, a) -> {
            e.memory().check(a[0], 1, false);
            return 1;
        });
        p.add("__ksize", (e, a) -> {
            MemObject o = e.memory().find(a[0]);
            return o == null ? 0 : o.ksize();
        });
        p.add("kasan_krealloc", (e, a) -> {
            e.memory().setAccessible(a[0], (int) a[1]);
            return a[0];
        });
        p.add("kasan_unpoison_range", (e, a) -> {
            e.memory().setAccessible(a[0], (int) a[1]);
            return 0;
        });
        p.add("kasan_unchecked_copy", (e, a) -> {
            e.memory().copyUnchecked(a[0], a[1], a[2]);
            return 0;
        });
        // drivers/char/random.c: the entropy is the kernel's deterministic stream (KernelState.nextRandom)
        p.add("get_random_u64", (e, a) -> e.kernel().nextRandom());
        p.add("get_random_bytes", (e, a) -> {
            e.memory().checkRange(a[0], a[1], true);
            long word = 0;
            for (long i = 0; i < a[1]; i++) {
                if (i % 8 == 0) word = e.kernel().nextRandom();
                e.memory().write(a[0] + i, 1, word >>> (8 * (i % 8)));
            }
            return 0;
        });
        // mm/page_alloc.c: 2^order pages from the buddy allocator, an object of their size here (page-granular
        // bookkeeping is not modelled: KASAN reports them as it reports kmalloc memory)
        p.add("__get_free_pages", (e, a) -> {
            if (a[1] < 0 || a[1] >= PageAllocator.MAX_ORDER) {
                if ((a[0] & PageAllocator.GFP_NOWARN) == 0) PrintkPrimitives.warnOnce(e, "__alloc_pages", null);
                return 0;
            }
            return alloc(e, 1L << (PageAllocator.PAGE_SHIFT + a[1]), a[0], "__get_free_pages");
        });
        p.add("free_pages", (e, a) -> free(e, a[0], "free_pages"));
        // x86-64's mem* are assembly: KASAN's wrappers (mm/kasan/shadow.c) check the whole range first
        p.add("memset", (e, a) -> {
            e.memory().fill(a[0], (int) a[1], a[2]);
            return a[0];
        });
        p.add("memcpy", (e, a) -> {
            e.memory().copy(a[0], a[1], a[2]);
            return a[0];
        });
        p.add("memmove", (e, a) -> {
            e.memory().copy(a[0], a[1], a[2]);
            return a[0];
        });
        // lib/string.c is instrumented: its loops fault at the first byte that is not there
        p.add("memcmp", (e, a) -> {
            for (long i = 0; Long.compareUnsigned(i, a[2]) < 0; i++) {
                long x = e.memory().read(a[0] + i, 1, false);
                long y = e.memory().read(a[1] + i, 1, false);
                if (x != y) return x < y ? -1 : 1;
            }
            return 0;
        });
        p.add("strlen", (e, a) -> e.memory().strlen(a[0]));
        p.add("strnlen", (e, a) -> e.memory().strnlen(a[0], a[1] < 0 ? Long.MAX_VALUE : a[1]));
        p.add("strcmp", (e, a) -> compare(e, a[0], a[1], Long.MAX_VALUE));
        p.add("strncmp", (e, a) -> compare(e, a[0], a[1], a[2] < 0 ? Long.MAX_VALUE : a[2]));
        p.add("strcpy", (e, a) -> {
            copyString(e, a[0], a[1], e.memory().strlen(a[1]));
            return a[0];
        });
        p.add("strncpy", (e, a) -> { // exactly n bytes: the string, then zeroes
            long n = a[2];
            long len = e.memory().strnlen(a[1], n < 0 ? Long.MAX_VALUE : n);
            e.memory().checkRange(a[0], n, true);
            e.memory().copy(a[0], a[1], len);
            e.memory().zero(a[0] + len, n - len);
            return a[0];
        });
        p.add("strlcpy", (e, a) -> {
            long len = e.memory().strlen(a[1]);
            if (a[2] > 0) copyString(e, a[0], a[1], Math.min(len, a[2] - 1));
            return len;
        });
        p.add("strcat", (e, a) -> {
            long at = a[0] + e.memory().strlen(a[0]);
            copyString(e, at, a[1], e.memory().strlen(a[1]));
            return a[0];
        });
        p.add("strchr", (e, a) -> {
            String s = e.memory().readString(a[0], Integer.MAX_VALUE);
            int i = (a[1] & 0xff) == 0 ? s.length() : s.indexOf((char) (a[1] & 0xff));
            return i < 0 ? 0 : a[0] + i;
        });
        p.add("strrchr", (e, a) -> {
            String s = e.memory().readString(a[0], Integer.MAX_VALUE);
            int i = (a[1] & 0xff) == 0 ? s.length() : s.lastIndexOf((char) (a[1] & 0xff));
            return i < 0 ? 0 : a[0] + i;
        });
        p.add("simple_strtoll", (e, a) -> { // lib/vsprintf.c: as many digits as there are, no error
            long cp = a[0];
            boolean negative = e.memory().read(cp, 1, false) == '-';
            if (negative) cp++;
            int base = (int) a[2];
            int c0 = (int) e.memory().read(cp, 1, false);
            int c1 = c0 == '0' ? (int) e.memory().read(cp + 1, 1, false) : 0;
            if ((base == 0 || base == 16)
                    && c0 == '0'
                    && (c1 | 0x20) == 'x'
                    && Character.digit((int) e.memory().read(cp + 2, 1, false), 16) >= 0) {
                base = 16;
                cp += 2;
            } else if (base == 0) {
                base = c0 == '0' ? 8 : 10;
            }
            long value = 0;
            for (int d; (d = Character.digit((int) e.memory().read(cp, 1, false), base)) >= 0; cp++) {
                value = value * base + d;
            }
            if (a[1] != 0) e.memory().write(a[1], 8, cp);
            return negative ? -value : value;
        });
        p.add(
                "sscanf",
                (e, a) ->
                        Vsscanf.scan(e, e.memory().readString(a[0]), e.memory().readString(a[1]), a, 2));
        p.add("strscpy", (e, a) -> { // reads at most count bytes of src; writes at most count bytes
            if (a[2] <= 0) return -Errno.E2BIG.number;
            long len = e.memory().strnlen(a[1], a[2]);
            copyString(e, a[0], a[1], Math.min(len, a[2] - 1));
            return len < a[2] ? len : -Errno.E2BIG.number;
        });
        p.add("snprintf", (e, a) -> {
            long size = a[1];
            PrintkFormat.Formatted f = PrintkFormat.vsnprintf(
                    e, e.memory().readString(a[2]), a, 3, (int) Math.min(Math.max(size - 1, 0), Integer.MAX_VALUE - 1));
            if (size > 0) writeString(e, a[0], f.text());
            return f.length();
        });
        p.add("__vsnprintf_va", (e, a) -> { // vsnprintf(buf, size, fmt, args) on the calling function's "..."
            long size = a[1];
            PrintkFormat.Formatted f = PrintkFormat.vsnprintf(e, e.memory().readString(a[2]), e.varargs(), 0, (int)
                    Math.min(Math.max(size - 1, 0), Integer.MAX_VALUE - 1));
            if (size > 0) writeString(e, a[0], f.text());
            return f.length();
        });
        p.add("scnprintf", (e, a) -> {
            long size = a[1];
            if (size <= 0) return 0;
            String s = PrintkFormat.format(
                    e, e.memory().readString(a[2]), a, 3, (int) Math.min(size - 1, Integer.MAX_VALUE - 1));
            writeString(e, a[0], s);
            return s.length();
        });
        p.add("sprintf", (e, a) -> { // no size: what does not fit the buffer's object overflows it
            MemObject o = e.memory().check(a[0], 1, true);
            long room = o.base + o.size - a[0];
            PrintkFormat.Formatted f = PrintkFormat.vsnprintf(e, e.memory().readString(a[1]), a, 2, (int) room);
            e.memory().checkRange(a[0], f.length() + 1, true);
            writeString(e, a[0], f.text());
            return f.length();
        });
        p.add("ERR_PTR", (e, a) -> a[0]);
        p.add("PTR_ERR", (e, a) -> a[0]);
        p.add("IS_ERR", (e, a) -> isErr(a[0]) ? 1 : 0);
        p.add("IS_ERR_OR_NULL", (e, a) -> a[0] == 0 || isErr(a[0]) ? 1 : 0);
        p.add("smp_processor_id", (e, a) -> e.cpu());
        p.add("in_interrupt", (e, a) -> e.contextKind().atomic() ? 1 : 0);
        p.add("in_irq", (e, a) -> e.contextKind() == ContextKind.HARDIRQ ? 1 : 0);
        p.add("in_softirq", (e, a) -> e.contextKind() == ContextKind.SOFTIRQ ? 1 : 0);
        p.add("in_task", (e, a) -> e.contextKind() == ContextKind.PROCESS ? 1 : 0);
        p.add("kstrdup", (e, a) -> {
            if (a[0] == 0) return 0;
            long len = e.memory().strlen(a[0]);
            long dst = alloc(e, len + 1, a[1], "kstrdup");
            if (dst != 0) copyString(e, dst, a[0], len);
            return dst;
        });
        // kstrdup_const/kfree_const: a string in the kernel's read-only data is used as it is and never freed
        p.add("kstrdup_const", (e, a) -> {
            if (Addresses.isKernelData(a[0])) return a[0];
            if (a[0] == 0) return 0;
            long len = e.memory().strlen(a[0]);
            long dst = alloc(e, len + 1, a[1], "kstrdup_const");
            if (dst != 0) copyString(e, dst, a[0], len);
            return dst;
        });
        p.add("kfree_const", (e, a) -> {
            MemObject o = e.memory().find(a[0]);
            return o != null && o.kind == MemObject.Kind.KMALLOC ? free(e, a[0], "kfree_const") : 0;
        });
        p.add("__builtin_return_address", (e, a) -> e.returnAddress());
        p.add("dump_stack", (e, a) -> {
            e.dumpStack();
            return 0;
        });
        p.add("kmemdup", (e, a) -> {
            long dst = alloc(e, a[1], a[2], "kmemdup");
            if (dst != 0) e.memory().copy(dst, a[0], a[1]);
            return dst;
        });
        for (String noop : new String[] {"local_irq_disable", "local_irq_enable", "barrier", "smp_mb"}) {
            p.add(noop, (e, a) -> 0);
        }
        p.add("atomic_read", (e, a) -> e.memory().read(a[0], 4, true));
        p.add("atomic_set", (e, a) -> {
            e.memory().write(a[0], 4, a[1]);
            return 0;
        });
        p.add("atomic_inc", (e, a) -> addAtomic(e, a[0], 1));
        p.add("atomic_dec", (e, a) -> addAtomic(e, a[0], -1));
        p.add("atomic_dec_and_test", (e, a) -> addAtomic(e, a[0], -1) == 0 ? 1 : 0);
        p.add("atomic_inc_and_test", (e, a) -> addAtomic(e, a[0], 1) == 0 ? 1 : 0);
        p.add("atomic_add", (e, a) -> addAtomic(e, a[1], (int) a[0]) & 0);
        p.add("atomic_sub", (e, a) -> addAtomic(e, a[1], (int) -a[0]) & 0);
        p.add("atomic_add_return", (e, a) -> addAtomic(e, a[1], (int) a[0]));
        p.add("atomic_sub_return", (e, a) -> addAtomic(e, a[1], (int) -a[0]));
        p.add("atomic_inc_return", (e, a) -> addAtomic(e, a[0], 1));
        p.add("atomic_dec_return", (e, a) -> addAtomic(e, a[0], -1));
        p.add("atomic_inc_unless_negative", (e, a) -> {
            if ((int) e.memory().read(a[0], 4, true) < 0) return 0;
            addAtomic(e, a[0], 1);
            return 1;
        });
        p.add("atomic_sub_and_test", (e, a) -> addAtomic(e, a[1], (int) -a[0]) == 0 ? 1 : 0);
        p.add("atomic_cmpxchg", (e, a) -> {
            long old = e.memory().read(a[0], 4, true);
            if (old == (int) a[1]) e.memory().write(a[0], 4, a[2]);
            return old;
        });
        p.add("atomic_xchg", (e, a) -> {
            long old = e.memory().read(a[0], 4, true);
            e.memory().write(a[0], 4, a[1]);
            return old;
        });
        p.add("atomic_long_read", (e, a) -> e.memory().read(a[0], 8, true));
        p.add("atomic_long_set", (e, a) -> {
            e.memory().write(a[0], 8, a[1]);
            return 0;
        });
        p.add("atomic_long_inc", (e, a) -> {
            e.memory().write(a[0], 8, e.memory().read(a[0], 8, true) + 1);
            return 0;
        });
        p.add("atomic_long_dec", (e, a) -> {
            e.memory().write(a[0], 8, e.memory().read(a[0], 8, true) - 1);
            return 0;
        });
        p.add(
                "change_bit",
                (e, a) -> bit(
                                e,
                                a[1],
                                a[0],
                                (e.memory().read(a[1] + (a[0] / 64) * 8, 8, false) >>> (a[0] % 64) & 1) == 0 ? 1 : 0)
                        & 0);
        p.add(
                "test_and_change_bit",
                (e, a) -> bit(
                        e,
                        a[1],
                        a[0],
                        (e.memory().read(a[1] + (a[0] / 64) * 8, 8, false) >>> (a[0] % 64) & 1) == 0 ? 1 : 0));
        p.add("set_bit", (e, a) -> bit(e, a[1], a[0], 1) & 0);
        p.add("clear_bit", (e, a) -> bit(e, a[1], a[0], 0) & 0);
        p.add("test_bit", (e, a) -> (e.memory().read(a[1] + (a[0] / 64) * 8, 8, false) >>> (a[0] % 64)) & 1);
        p.add("test_and_set_bit", (e, a) -> bit(e, a[1], a[0], 1));
        p.add("test_and_clear_bit", (e, a) -> bit(e, a[1], a[0], 0));
        p.add("wait_on_bit_clear", (e, a) -> {
            if ((e.memory().read(a[0], 8, false) & (1L << a[1])) != 0) {
                e.block(new WaitCondition.BitClear(a[0], (int) a[1], e.memory().readString(a[2])));
            }
            return 0;
        });
    }

    /** GFP_KERNEL allows direct reclaim, so it may sleep: might_sleep_if(gfpflags_allow_blocking(flags)). */
    static boolean mayBlock(Env e, long gfp) {
        // slab_pre_alloc_hook's might_alloc(): include/linux/sched/mm.h's might_sleep_if in 6.1
        return (gfp & 0x400) == 0 || e.mightSleepAt("include/linux/sched/mm.h:274");
    }

    static boolean isErr(long v) {
        return Long.compareUnsigned(v, -MAX_ERRNO) >= 0;
    }

    static final long GFP_KERNEL = 0xcc0;

    /** kmalloc: ZERO_SIZE_PTR for 0 bytes, NULL (with the kernel's warning) when it cannot be had. */
    static long alloc(Env e, long size, long gfp, String allocator) {
        if (size == 0) return 16; // ZERO_SIZE_PTR
        MemObject o = PageAllocator.allocate(e, size, gfp, MemObject.Kind.KMALLOC, allocator);
        if (o == null) return 0;
        e.trace(EventKind.ALLOC, o.id, o.base, size, allocator);
        return o.base;
    }

    /**
     * kvmalloc (mm/util.c): kmalloc, quietly for more than a page, then vmalloc for what kmalloc cannot give (above
     * KMALLOC_MAX_SIZE), which fails only when the RAM is gone; above INT_MAX it is refused.
     */
    static long kvmalloc(Env e, long size, long gfp) {
        if (size <= 1L << PageAllocator.PAGE_SHIFT) return alloc(e, size, gfp, "kvmalloc");
        if (size > Integer.MAX_VALUE) return 0;
        if (size <= PageAllocator.KMALLOC_MAX_SIZE || !e.memory().fits(size)) {
            return alloc(e, size, gfp | PageAllocator.GFP_NOWARN, "kvmalloc");
        }
        return vmalloc(e, size, gfp, "kvmalloc");
    }

    /**
     * __vmalloc_node_range (mm/vmalloc.c): an area of whole pages in vmalloc space. 0 bytes is a WARN_ON_ONCE and
     * NULL; more than the RAM, no area or no pages is warn_alloc's "vmalloc error" (unless __GFP_NOWARN) and NULL.
     * An area here is at most VMALLOC_MAX (16 MiB less the guard page): the model's limit, not the kernel's.
     */
    static long vmalloc(Env e, long size, long gfp, String allocator) {
        if (size == 0) {
            PrintkPrimitives.warnOnce(e, "__vmalloc_node_range", null);
            return 0;
        }
        String failed = Long.compareUnsigned(size, Memory.RAM) > 0
                ? "exceeds total pages"
                : size > Addresses.VMALLOC_MAX
                        ? "vm_struct allocation failed"
                        : !e.memory().fits((size + 4095) & ~4095L) ? "failed to allocate pages" : null;
        if (failed != null) {
            if ((gfp & PageAllocator.GFP_NOWARN) == 0) {
                PageAllocator.failure(e, "vmalloc error: size " + Long.toUnsignedString(size) + ", " + failed, gfp);
            }
            return 0;
        }
        MemObject o = e.memory().allocateVmalloc((int) size, e.site(allocator));
        e.trace(EventKind.ALLOC, o.id, o.base, size, allocator);
        return o.base;
    }

    /**
     * vfree (mm/vmalloc.c's __vunmap): unmaps the area; NULL is nothing, an address that starts no live area is the
     * kernel's "nonexistent vm area" warning (a second vfree too, or a kmalloc'd pointer).
     */
    static long vfree(Env e, long address, String freer) {
        if (address == 0) return 0;
        if ((address & 4095) != 0) {
            PrintkPrimitives.kernelWarn(
                    e, "__vunmap+0x0/0x100", "Trying to vfree() bad address (" + PrintkFormat.pointerId(address) + ")");
            return 0;
        }
        MemObject o = e.memory().find(address);
        if (!e.memory().vfree(address, e.site(freer))) {
            PrintkPrimitives.kernelWarn(
                    e,
                    "__vunmap+0x0/0x100",
                    "Trying to vfree() nonexistent vm area (" + PrintkFormat.pointerId(address) + ")");
            return 0;
        }
        e.trace(EventKind.FREE, o.id, o.base, o.size, freer);
        return 0;
    }

    /** check_mul_overflow on size_t: kcalloc and kmalloc_array return NULL rather than a short buffer. */
    static boolean mulOverflows(long n, long size) {
        return n != 0 && Long.compareUnsigned(size, Long.divideUnsigned(-1L, n)) > 0;
    }

    static long free(Env e, long address, String freer) {
        if (address == 0 || address == 16) return 0;
        MemObject o = e.memory().free(address, e.site(freer));
        e.trace(EventKind.FREE, o.id, o.base, o.size, freer);
        return 0;
    }

    /** Writes s and its NUL at dst, the whole range checked first. */
    static void writeString(Env e, long dst, String s) {
        e.memory().checkRange(dst, s.length() + 1L, true);
        for (int i = 0; i < s.length(); i++) e.memory().write(dst + i, 1, s.charAt(i));
        e.memory().write(dst + s.length(), 1, 0);
    }

    /** Copies len bytes of the string at src to dst and terminates it: both ranges checked before. */
    private static void copyString(Env e, long dst, long src, long len) {
        e.memory().checkRange(src, len, false);
        e.memory().checkRange(dst, len + 1, true);
        e.memory().copy(dst, src, len);
        e.memory().write(dst + len, 1, 0);
    }

    /** strcmp/strncmp: byte by byte, as unsigned chars, until a difference, a NUL or n bytes. */
    private static long compare(Env e, long x, long y, long n) {
        for (long i = 0; i < n; i++) {
            long cx = e.memory().read(x + i, 1, false);
            long cy = e.memory().read(y + i, 1, false);
            if (cx != cy) return cx < cy ? -1 : 1;
            if (cx == 0) return 0;
        }
        return 0;
    }

    private static long addAtomic(Env e, long address, int delta) {
        long v = e.memory().read(address, 4, true) + delta;
        e.memory().write(address, 4, v);
        return (int) v;
    }

    /** Sets or clears bit nr of the word at address; returns the old bit. */
    private static long bit(Env e, long address, long nr, int value) {
        long word = address + (nr / 64) * 8;
        long old = e.memory().read(word, 8, false);
        long mask = 1L << (nr % 64);
        e.memory().write(word, 8, value == 1 ? old | mask : old & ~mask);
        return (old & mask) != 0 ? 1 : 0;
    }
}
