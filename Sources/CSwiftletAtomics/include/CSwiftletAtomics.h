#ifndef CSWIFTLET_ATOMICS_H
#define CSWIFTLET_ATOMICS_H
// Minimal sequentially consistent atomics on a `long` for the vector environments'
// worker pool (spin-then-block handoff), without the Synchronization module's
// OS availability limits.

static inline long swiftlet_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void swiftlet_atomic_store(long *p, long v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline long swiftlet_atomic_add(long *p, long v) { return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
static inline long swiftlet_atomic_exchange(long *p, long v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
static inline void swiftlet_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}
#endif
