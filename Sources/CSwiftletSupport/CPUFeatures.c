// The one CPU-feature probe and the one switch for Swiftlet's hand-written
// AVX-512 kernels. Every C file that picks a kernel asks here (see the
// kernel table in CSwiftletSupport.h); none probes the CPU itself.
#include "CSwiftletSupport.h"
#include <stdlib.h>

unsigned swiftlet_cpu_features(void) {
#if defined(__x86_64__)
    static int cached = -1;
    int f = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (f >= 0) return (unsigned)f;
    __builtin_cpu_init();
    f = 0;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        f |= SWIFTLET_CPU_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) f |= SWIFTLET_CPU_AVX2_FMA;
    __atomic_store_n(&cached, f, __ATOMIC_RELAXED);
    return (unsigned)f;
#else
    return 0;
#endif
}

int swiftlet_avx512_kernels_state = -1;

int swiftlet_avx512_kernels_probe(void) {
    const int on = (swiftlet_cpu_features() & SWIFTLET_CPU_AVX512) != 0 && getenv("SWIFTLET_BLAS_ONLY") == NULL;
    __atomic_store_n(&swiftlet_avx512_kernels_state, on, __ATOMIC_RELAXED);
    return on;
}
