// Adam's update for Float: the one implementation (Double runs AdamKernel's
// Swift loop in SwiftletNN/Adam.swift, with the same formulas). Per element,
// in this order, each operation rounded to float (contraction into FMA off):
//
//     g ← g·gradScale                       (flag 8: a fused gradient clip)
//     g ← g + wd·w                          (flag 1: weight decay, L2)
//     m ← m + w1·(g − m)                    (flag 4: PyTorch's lerp, small weight)
//       or g − (g − m)·(1 − w1)             (otherwise)
//     v ← v·b2 + (c2·g)·g
//     v ← vmax ← (vmax > v ? vmax : v)      (flag 2: AMSGrad)
//     w ← w + (negStepSize·m) / (√v / bc2Sqrt + eps)
//
// On AVX-512 cores (swiftlet_avx512_kernels_enabled) 16 lanes at a time,
// elsewhere a plain loop the compiler vectorizes; the same bits either way.
#include "CSwiftletSupport.h"
#include <math.h>

#pragma clang fp contract(off)

static void adam_portable(const float *g, float *w, float *m, float *v, float *vmax, long n,
                          float w1, float b2, float c2, float wd, float eps, float bc2Sqrt,
                          float negStepSize, float gradScale, int flags) {
    const int weightDecay = flags & 1, amsgrad = flags & 2, smallWeight = flags & 4, scaled = flags & 8;
    const float oneMinusW1 = 1.0f - w1;
    for (long j = 0; j < n; j++) {
        float gj = g[j];
        if (scaled) gj = gj * gradScale;
        if (weightDecay) gj = gj + wd * w[j];
        const float mo = m[j];
        const float mj = smallWeight ? mo + w1 * (gj - mo) : gj - (gj - mo) * oneMinusW1;
        m[j] = mj;
        float vj = v[j] * b2;
        vj = vj + c2 * gj * gj;
        v[j] = vj;
        if (amsgrad) {
            const float mx = vmax[j];
            vj = mx > vj ? mx : vj;
            vmax[j] = vj;
        }
        const float denom = sqrtf(vj) / bc2Sqrt + eps;
        w[j] = w[j] + negStepSize * mj / denom;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define ADAM_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))
#define ADAM_INLINE static inline __attribute__((always_inline)) ADAM_TARGET

// x / c correctly rounded for a constant c, without the divider (which
// Adam's step is bound by: a square root and two divisions per vector).
// With y = RN(1/c) and q = RN(x·y) (within one ulp of x/c), the remainder
// r = x − q·c is exact in one FMA and RN(q + r·y) is the correctly rounded
// quotient (Markstein's theorem, round-to-nearest, no over/underflow in r;
// Muller et al., Handbook of Floating-Point Arithmetic, §4.7). Lanes where
// x is not finite or so small that r could be subnormal (flushed under FTZ)
// take the division; the caller divides throughout when c is outside
// [2^-20, 2^20]. Checked offline against division for every mantissa of x
// and 40,000 divisors; NNTests compare Adam with the divided formula.
ADAM_INLINE __m512 adam_div_by_constant(__m512 x, __m512 c, __m512 y) {
    const __m512 q = _mm512_mul_ps(x, y);
    const __m512 r = _mm512_fnmadd_ps(q, c, x);
    const __m512 fast = _mm512_fmadd_ps(r, y, q);
    // |x| = 0 or in [2^-100, 2^100]: r is then 0 or far above the subnormal
    // range, and q·c cannot overflow for c in [2^-20, 2^20] (the caller's check).
    const __m512 ax = _mm512_abs_ps(x);
    const __mmask16 ok = (_mm512_cmp_ps_mask(ax, _mm512_set1_ps(0x1p-100f), _CMP_GE_OQ) |
                          _mm512_cmp_ps_mask(ax, _mm512_setzero_ps(), _CMP_EQ_OQ)) &
                         _mm512_cmp_ps_mask(ax, _mm512_set1_ps(0x1p100f), _CMP_LE_OQ);
    if (ok == 0xFFFF) return fast;
    return _mm512_mask_blend_ps(ok, _mm512_div_ps(x, c), fast);
}

// The update on 16 lanes: adam_portable's operations in the same order.
ADAM_TARGET
static void adam_avx512(const float *g, float *w, float *m, float *v, float *vmax, long n,
                        float w1, float b2, float c2, float wd, float eps, float bc2Sqrt,
                        float negStepSize, float gradScale, int flags) {
    const int weightDecay = flags & 1, amsgrad = flags & 2, smallWeight = flags & 4, scaled = flags & 8;
    const __m512 GS = _mm512_set1_ps(gradScale);
    const __m512 W1 = _mm512_set1_ps(w1), OneMinusW1 = _mm512_set1_ps(1.0f - w1);
    const __m512 B2 = _mm512_set1_ps(b2), C2 = _mm512_set1_ps(c2), WD = _mm512_set1_ps(wd);
    const __m512 EPS = _mm512_set1_ps(eps), BC = _mm512_set1_ps(bc2Sqrt), SS = _mm512_set1_ps(negStepSize);
    const __m512 RBC = _mm512_set1_ps(1.0f / bc2Sqrt);
    const int divide = !(bc2Sqrt >= 0x1p-20f && bc2Sqrt <= 0x1p20f);
    for (long j = 0; j < n; j += 16) {
        const long left = n - j;
        const __mmask16 k = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        __m512 gj = _mm512_maskz_loadu_ps(k, g + j);
        if (scaled) gj = _mm512_mul_ps(gj, GS);
        const __m512 wj = _mm512_maskz_loadu_ps(k, w + j);
        if (weightDecay) gj = _mm512_add_ps(gj, _mm512_mul_ps(WD, wj));
        const __m512 mo = _mm512_maskz_loadu_ps(k, m + j);
        const __m512 mj = smallWeight ? _mm512_add_ps(mo, _mm512_mul_ps(W1, _mm512_sub_ps(gj, mo)))
                                      : _mm512_sub_ps(gj, _mm512_mul_ps(_mm512_sub_ps(gj, mo), OneMinusW1));
        _mm512_mask_storeu_ps(m + j, k, mj);
        __m512 vj = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, v + j), B2);
        vj = _mm512_add_ps(vj, _mm512_mul_ps(_mm512_mul_ps(C2, gj), gj));
        _mm512_mask_storeu_ps(v + j, k, vj);
        if (amsgrad) {
            const __m512 mx = _mm512_maskz_loadu_ps(k, vmax + j);
            vj = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(mx, vj, _CMP_GT_OQ), vj, mx);
            _mm512_mask_storeu_ps(vmax + j, k, vj);
        }
        const __m512 root = _mm512_sqrt_ps(vj);
        const __m512 denom = _mm512_add_ps(divide ? _mm512_div_ps(root, BC) : adam_div_by_constant(root, BC, RBC), EPS);
        _mm512_mask_storeu_ps(w + j, k, _mm512_add_ps(wj, _mm512_div_ps(_mm512_mul_ps(SS, mj), denom)));
    }
}
#endif

void swiftlet_adam_f32(const float *g, float *w, float *m, float *v, float *vmax, long n,
                       float w1, float b2, float c2, float wd, float eps, float bc2Sqrt,
                       float negStepSize, float gradScale, int flags) {
#if defined(__x86_64__)
    if (swiftlet_avx512_kernels_enabled()) {
        adam_avx512(g, w, m, v, vmax, n, w1, b2, c2, wd, eps, bc2Sqrt, negStepSize, gradScale, flags);
        return;
    }
#endif
    adam_portable(g, w, m, v, vmax, n, w1, b2, c2, wd, eps, bc2Sqrt, negStepSize, gradScale, flags);
}
