/*
 * Mirrors include/linux/vmalloc.h of Linux 6.1: virtually contiguous memory in whole pages (mm/vmalloc.c, primitives:
 * MemoryPrimitives). KASAN_VMALLOC is off, as in the kernels this models: a vmalloc area has no shadow, so a stray
 * byte in its last page goes unnoticed, the guard page after it faults, and an area vfree'd is unmapped.
 */

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);
bool is_vmalloc_addr(const void *x);
