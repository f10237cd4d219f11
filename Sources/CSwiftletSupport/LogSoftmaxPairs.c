// Log-softmax over rows of two logits (a two-action policy, e.g. CartPole)
// on AVX-512 cores, 16 rows per step with the pairs split into two vectors.
// The operations are those of Tensor.logSoftmax's row path, in the same
// order (maximum with NaN kept, ±inf maxima shifted by 0, exp, the sum from
// +0, log, subtraction) through the same libmvec exp/log, whose lanes are
// independent, so the bits match the generic path. PPO runs this on every
// minibatch, where the generic per-row loops cost ~9 ns a row.
#include "CSwiftletSupport.h"

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>
#define LS_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))

LS_TARGET extern __m512 _ZGVeN16v_expf(__m512 x);
LS_TARGET extern __m512 _ZGVeN16v_logf(__m512 x);

// Masks for the 2·r floats of r ≤ 16 rows, split over two vectors.
static inline void ls_masks(long r, __mmask16 *k0, __mmask16 *k1) {
    const long n = 2 * r;
    *k0 = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
    *k1 = n >= 32 ? (__mmask16)0xFFFF : (n > 16 ? (__mmask16)((1u << (n - 16)) - 1) : (__mmask16)0);
}

LS_TARGET static inline void ls_split(const float *p, __mmask16 k0, __mmask16 k1, __m512 *a, __m512 *b) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512 v0 = _mm512_maskz_loadu_ps(k0, p), v1 = _mm512_maskz_loadu_ps(k1, p + 16);
    *a = _mm512_permutex2var_ps(v0, even, v1);
    *b = _mm512_permutex2var_ps(v0, odd, v1);
}

LS_TARGET static inline void ls_join(float *p, __mmask16 k0, __mmask16 k1, __m512 a, __m512 b) {
    const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    _mm512_mask_storeu_ps(p, k0, _mm512_permutex2var_ps(a, lo, b));
    _mm512_mask_storeu_ps(p + 16, k1, _mm512_permutex2var_ps(a, hi, b));
}

// `m = v` when `v > m` or v is NaN (Tensor.maximum's rule).
LS_TARGET static inline __m512 ls_max_step(__m512 m, __m512 v) {
    const __mmask16 take = _mm512_cmp_ps_mask(v, m, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    return _mm512_mask_blend_ps(take, m, v);
}

LS_TARGET static void ls_forward(const float *src, float *dst, long rows) {
    const __m512 zero = _mm512_setzero_ps(), inf = _mm512_set1_ps(__builtin_inff());
    for (long r0 = 0; r0 < rows; r0 += 16) {
        __mmask16 k0, k1;
        ls_masks(rows - r0 < 16 ? rows - r0 : 16, &k0, &k1);
        __m512 x0, x1;
        ls_split(src + 2 * r0, k0, k1, &x0, &x1);
        __m512 m = ls_max_step(ls_max_step(_mm512_set1_ps(-__builtin_inff()), x0), x1);
        // Infinite maxima shift by 0 (PyTorch's rule).
        m = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(m), inf, _CMP_EQ_OQ), m, zero);
        const __m512 e0 = _ZGVeN16v_expf(_mm512_sub_ps(x0, m));
        const __m512 e1 = _ZGVeN16v_expf(_mm512_sub_ps(x1, m));
        const __m512 sum = _mm512_add_ps(_mm512_add_ps(zero, e0), e1);
        const __m512 shift = _mm512_add_ps(m, _ZGVeN16v_logf(sum));
        ls_join(dst + 2 * r0, k0, k1, _mm512_sub_ps(x0, shift), _mm512_sub_ps(x1, shift));
    }
}

LS_TARGET static void ls_backward(const float *y, const float *g, float *out, long rows) {
    const __m512 zero = _mm512_setzero_ps();
    for (long r0 = 0; r0 < rows; r0 += 16) {
        __mmask16 k0, k1;
        ls_masks(rows - r0 < 16 ? rows - r0 : 16, &k0, &k1);
        __m512 y0, y1, g0, g1;
        ls_split(y + 2 * r0, k0, k1, &y0, &y1);
        ls_split(g + 2 * r0, k0, k1, &g0, &g1);
        const __m512 total = _mm512_add_ps(_mm512_add_ps(zero, g0), g1);
        const __m512 o0 = _mm512_sub_ps(g0, _mm512_mul_ps(_ZGVeN16v_expf(y0), total));
        const __m512 o1 = _mm512_sub_ps(g1, _mm512_mul_ps(_ZGVeN16v_expf(y1), total));
        ls_join(out + 2 * r0, k0, k1, o0, o1);
    }
}
#endif

int swiftlet_try_log_softmax_pairs_f32(const float *src, float *dst, long rows) {
#if defined(__x86_64__) && defined(__linux__)
    if (swiftlet_avx512_kernels_enabled()) { ls_forward(src, dst, rows); return 1; }
#endif
    (void)src; (void)dst; (void)rows;
    return 0;
}

int swiftlet_try_log_softmax_pairs_backward_f32(const float *y, const float *g, float *out, long rows) {
#if defined(__x86_64__) && defined(__linux__)
    if (swiftlet_avx512_kernels_enabled()) { ls_backward(y, g, out, rows); return 1; }
#endif
    (void)y; (void)g; (void)out; (void)rows;
    return 0;
}
