// Training loops free and re-allocate the same tensor sizes every step. With
// glibc's defaults, blocks above 128 KiB (a 256x256 float weight gradient)
// are mmap'd and unmapped each time, and the heap top is trimmed back to the
// kernel, so every step pays page faults on fresh pages (6% of an MLP step
// in perf). Keep such blocks in the heap and stop trimming. Opt out with
// SWIFTLET_DEFAULT_MALLOC=1.
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#include <stdlib.h>

__attribute__((constructor))
static void swiftlet_tune_malloc(void) {
    if (getenv("SWIFTLET_DEFAULT_MALLOC") != NULL) return;
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}
#endif
