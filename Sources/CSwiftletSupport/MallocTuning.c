// Training loops free and re-allocate the same tensor sizes every step. With
// glibc's defaults, blocks above 128 KiB (a 256x256 float weight gradient)
// are mmap'd and unmapped each time, and the heap top is trimmed back to the
// kernel, so every step pays page faults on fresh pages (6% of an MLP step
// in perf). This keeps such blocks in the heap and stops trimming.
//
// Nothing here runs by itself: loading Swiftlet leaves malloc as it is. The
// call is made through `ProcessSettings` (SwiftletCore), which the CLI and
// the agents use.
#include "CSwiftletSupport.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int swiftlet_keep_freed_memory_in_heap(void) {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
    return 1;
#else
    return 0;
#endif
}
