// exp and log over float arrays. On AVX-512 cores, 16 lanes at a time
// through glibc's vector math library (libmvec, ≤ 4 ulp, deterministic);
// elsewhere the scalar libm functions. PPO's log-softmax, ratio and entropy
// run a few thousand of these per update, where libm's scalar calls cost
// ~4 ns each.
#include "CSwiftletSupport.h"
#include <math.h>

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>
#define TR_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))

TR_TARGET extern __m512 _ZGVeN16v_expf(__m512 x);
TR_TARGET extern __m512 _ZGVeN16v_logf(__m512 x);

TR_TARGET static void tr_exp16(const float *src, float *dst, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(dst + i, _ZGVeN16v_expf(_mm512_loadu_ps(src + i)));
    if (i < n) {
        const __mmask16 k = (__mmask16)((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(dst + i, k, _ZGVeN16v_expf(_mm512_maskz_loadu_ps(k, src + i)));
    }
}

TR_TARGET static void tr_log16(const float *src, float *dst, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(dst + i, _ZGVeN16v_logf(_mm512_loadu_ps(src + i)));
    if (i < n) {
        const __mmask16 k = (__mmask16)((1u << (n - i)) - 1);
        // Unused lanes hold 1 (log 1 = 0, no spurious exceptions).
        const __m512 x = _mm512_mask_loadu_ps(_mm512_set1_ps(1.0f), k, src + i);
        _mm512_mask_storeu_ps(dst + i, k, _ZGVeN16v_logf(x));
    }
}
#define TR_VECTOR 1
#endif

void swiftlet_exp_f32(const float *src, float *dst, long n) {
#ifdef TR_VECTOR
    if (swiftlet_avx512_kernels_enabled()) { tr_exp16(src, dst, n); return; }
#endif
    for (long i = 0; i < n; i++) dst[i] = expf(src[i]);
}

void swiftlet_log_f32(const float *src, float *dst, long n) {
#ifdef TR_VECTOR
    if (swiftlet_avx512_kernels_enabled()) { tr_log16(src, dst, n); return; }
#endif
    for (long i = 0; i < n; i++) dst[i] = logf(src[i]);
}
